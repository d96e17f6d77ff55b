/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The central server's HTTP side (libmicrohttpd, a thread per connection): routing, bearer
 * tokens, size limits, gzip bodies and the contract's error bodies, over a small pool of
 * SQLite connections. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Batches: the body as sent (maybe gzip) and after decompression. */
#define KIOSK_CENTRAL_BATCH_MAX_BYTES (8 * 1024 * 1024)

typedef struct
{
  const char *db_path;
  const char *attachments_dir;
  const char *listen;         /* "127.0.0.1:8765", "[::1]:0"; port 0 picks a free one */
  const char *tls_cert_path;  /* both or neither: PEM files */
  const char *tls_key_path;
  guint       pool_size;      /* database connections at most; 0 for the default */
  guint       rate_limit;     /* requests a second per kiosk; 0: unlimited */
  guint       rate_burst;     /* requests at once per kiosk beyond that rate */
} KioskCentralServerOptions;

typedef struct _KioskCentralServer KioskCentralServer;

/* Opens (creating or migrating) the database and listens; connections are served from
 * microhttpd's threads until kiosk_central_server_stop(). */
KioskCentralServer *kiosk_central_server_start   (const KioskCentralServerOptions *options,
                                                  GError                         **error);
/* "http://127.0.0.1:PORT" (https with TLS), with the port actually bound. */
const char         *kiosk_central_server_get_url (KioskCentralServer              *server);
/* Stops accepting, finishes or closes the open connections, closes the database. */
void                kiosk_central_server_stop    (KioskCentralServer              *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCentralServer, kiosk_central_server_stop)

G_END_DECLS
