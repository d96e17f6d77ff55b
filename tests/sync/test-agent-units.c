/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The agent's parts on their own: backoff, Retry-After, the batch body, checking the server's
 * answers against what was sent, gzip, and waking the daemon. */
#define G_LOG_DOMAIN "test-agent-units"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kiosk-error.h"
#include "kiosk-sync-backoff.h"
#include "kiosk-sync-protocol.h"
#include "kiosk-test-util.h"
#include "kiosk-wake.h"

static void
test_backoff_full_jitter_within_cap (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint attempt = 0; attempt < 40; attempt++)
    {
      gint64 ceiling = MIN (G_GINT64_CONSTANT (1000) << MIN (attempt, 30), 60000);
      gint64 lowest = G_MAXINT64, highest = 0;

      for (int i = 0; i < 400; i++)
        {
          gint64 delay = kiosk_backoff_delay_ms (attempt, 1000, 60000, -1, rand);

          g_assert_cmpint (delay, >=, 0);
          g_assert_cmpint (delay, <=, ceiling);
          lowest = MIN (lowest, delay);
          highest = MAX (highest, delay);
        }
      /* Full jitter: the waits spread over the whole range, not bunched near the ceiling. */
      g_assert_cmpint (lowest, <, ceiling / 4);
      g_assert_cmpint (highest, >, ceiling * 3 / 4);
    }
}

static void
test_backoff_honours_retry_after (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);

  for (int i = 0; i < 200; i++)
    {
      g_assert_cmpint (kiosk_backoff_delay_ms (0, 1000, 60000, 5, rand), >=, 5000);
      /* The server's wish wins over the cap: it said when it will be back. */
      g_assert_cmpint (kiosk_backoff_delay_ms (0, 1000, 2000, 30, rand), ==, 30000);
      g_assert_cmpint (kiosk_backoff_delay_ms (0, 1000, 60000, 0, rand), <=, 1000);
    }
}

static void
test_retry_after_parsing (void)
{
  /* Sun, 06 Nov 1994 08:49:37 GMT */
  const gint64 then = 784111777;

  g_assert_cmpint (kiosk_backoff_parse_retry_after ("120", then), ==, 120);
  g_assert_cmpint (kiosk_backoff_parse_retry_after (" 3 \r\n", then), ==, 3);
  g_assert_cmpint (kiosk_backoff_parse_retry_after ("0", then), ==, 0);
  g_assert_cmpint (kiosk_backoff_parse_retry_after ("Sun, 06 Nov 1994 08:50:37 GMT", then), ==,
                   60);
  g_assert_cmpint (kiosk_backoff_parse_retry_after ("Sunday, 06-Nov-94 08:49:47 GMT", then), ==,
                   10);
  /* A date in the past means now; a huge wait is cut to a day. */
  g_assert_cmpint (kiosk_backoff_parse_retry_after ("Sun, 06 Nov 1994 08:00:00 GMT", then), ==,
                   0);
  g_assert_cmpint (kiosk_backoff_parse_retry_after ("99999999999999999999", then), ==, 86400);
  g_assert_cmpint (kiosk_backoff_parse_retry_after ("-5", then), ==, -1);
  g_assert_cmpint (kiosk_backoff_parse_retry_after ("soon", then), ==, -1);
  g_assert_cmpint (kiosk_backoff_parse_retry_after ("", then), ==, -1);
  g_assert_cmpint (kiosk_backoff_parse_retry_after (NULL, then), ==, -1);
}

/* Records as kiosk_outbox_claim would return them. */
static KioskOutboxRecord *
record_new (const char *uuid,
            const char *kind,
            const char *payload,
            const char *attachment)
{
  KioskOutboxRecord *record = g_new0 (KioskOutboxRecord, 1);
  const char *attachments[] = { attachment, NULL };

  record->id = 1;
  record->record_uuid = g_strdup (uuid);
  record->kind = g_strdup (kind);
  record->payload = g_strdup (payload);
  record->attachments = g_strdupv ((char **) attachments);
  record->attempts = 1;
  record->created_at = 1796000000;
  return record;
}

static void
record_free (KioskOutboxRecord *record)
{
  g_free (record->record_uuid);
  g_free (record->kind);
  g_free (record->payload);
  g_strfreev (record->attachments);
  g_free (record);
}

#define UUID_A "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
#define UUID_B "6fa459ea-ee8a-4ca4-894e-db77e160355e"
#define UUID_C "9c5b94b1-35ad-49bb-b118-8e8fc24abf80"
#define BATCH  "16fd2706-8baf-433b-82eb-8c7fada847da"
#define SHA    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static GPtrArray *
three_records (void)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);

  g_ptr_array_add (records, record_new (UUID_A, "payment",
                                        "{\"uuid\":\"" UUID_A "\",\"reference\":\"T-1\","
                                        "\"amount_baisa\":5000,\"note\":\"\\\"q\\\" \\u0645\"}",
                                        NULL));
  g_ptr_array_add (records, record_new (UUID_B, "report",
                                        " {\"uuid\":\"" UUID_B "\",\"reference\":\"T-2\"}", SHA));
  g_ptr_array_add (records, record_new (UUID_C, "feedback",
                                        "{\"uuid\":\"" UUID_C "\",\"reference\":\"T-3\"}", NULL));
  return records;
}

static void
test_batch_body_follows_the_contract (void)
{
  g_autoptr(GPtrArray) records = three_records ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = kiosk_sync_batch_body ("TST01", BATCH, records, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *record, *payload;
  JsonArray *list;

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             (gssize) g_bytes_get_size (body), &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "kiosk_id"), ==, "TST01");
  g_assert_cmpstr (json_object_get_string_member (root, "batch_id"), ==, BATCH);
  list = json_object_get_array_member (root, "records");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);

  record = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (record, "uuid"), ==, UUID_A);
  g_assert_cmpstr (json_object_get_string_member (record, "kind"), ==, "payment");
  g_assert_cmpint (json_object_get_int_member (record, "created_at"), ==, 1796000000);
  payload = json_object_get_object_member (record, "payload");
  g_assert_cmpstr (json_object_get_string_member (payload, "note"), ==, "\"q\" م");
  g_assert_cmpint (json_object_get_int_member (payload, "amount_baisa"), ==, 5000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (record, "attachments")),
                    ==, 0);

  record = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (record,
                                                                                "attachments"),
                                                  0), ==, SHA);
}

static void
test_damaged_record_cannot_be_sent (void)
{
  g_autoptr(GPtrArray) records = three_records ();
  g_autoptr(GError) error = NULL;
  KioskOutboxRecord *damaged[] = {
    record_new (UUID_A, "payment\"", "{}", NULL),
    record_new ("not-a-uuid", "payment", "{}", NULL),
    record_new (UUID_A, "payment", "[1]", NULL),
    record_new (UUID_A, "report", "{}", "../../etc/passwd"),
  };

  for (gsize i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(GBytes) body = NULL;

      g_ptr_array_add (records, damaged[i]);
      g_assert_false (kiosk_sync_record_check (damaged[i], &error));
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
      g_clear_error (&error);
      body = kiosk_sync_batch_body ("TST01", BATCH, records, &error);
      g_assert_null (body);
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
      g_clear_error (&error);
      g_ptr_array_remove_index (records, records->len - 1);
    }

  g_assert_null (kiosk_sync_batch_body ("tst\"01", BATCH, records, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
}

static GArray *
parse (const char *answer,
       GPtrArray  *records,
       GError    **error)
{
  g_autoptr(GBytes) body = g_bytes_new (answer, strlen (answer));

  return kiosk_sync_parse_results (body, BATCH, records, error);
}

#define OK_A "{\"uuid\":\"" UUID_A "\",\"status\":\"accepted\",\"server_reference\":\"S-1\"}"
#define DUP_B "{\"uuid\":\"" UUID_B "\",\"status\":\"duplicate\",\"server_reference\":\"S-2\"}"
#define REJ_C "{\"uuid\":\"" UUID_C "\",\"status\":\"rejected\",\"code\":\"invalid_payload\"," \
              "\"reason\":\"no body\\u202e\"}"
#define RETRY_B "{\"uuid\":\"" UUID_B "\",\"status\":\"retry\",\"code\":\"attachment_missing\"}"

static void
test_answer_maps_to_results (void)
{
  g_autoptr(GPtrArray) records = three_records ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) results = NULL;
  KioskSyncResult *r;

  results = parse ("{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A "," DUP_B "," REJ_C "]}",
                   records, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);
  r = &g_array_index (results, KioskSyncResult, 0);
  g_assert_cmpint (r->kind, ==, KIOSK_OUTBOX_RESULT_ACCEPTED);
  g_assert_cmpstr (r->server_reference, ==, "S-1");
  g_assert_false (r->duplicate);
  r = &g_array_index (results, KioskSyncResult, 1);
  g_assert_cmpint (r->kind, ==, KIOSK_OUTBOX_RESULT_ACCEPTED);
  g_assert_true (r->duplicate);
  r = &g_array_index (results, KioskSyncResult, 2);
  g_assert_cmpint (r->kind, ==, KIOSK_OUTBOX_RESULT_REJECTED);
  /* The reason reaches an attendant's screen: no bidi tricks. */
  g_assert_cmpstr (r->reason, ==, "invalid_payload: no body");
  g_clear_pointer (&results, g_array_unref);

  results = parse ("{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A "," RETRY_B "," REJ_C "]}",
                   records, &error);
  g_assert_no_error (error);
  r = &g_array_index (results, KioskSyncResult, 1);
  g_assert_cmpint (r->kind, ==, KIOSK_OUTBOX_RESULT_RETRY);
  g_assert_true (r->attachment_missing);
}

static void
test_answer_must_match_what_was_sent (void)
{
  g_autoptr(GPtrArray) records = three_records ();
  static const char *const broken[] = {
    "",
    "{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A "," DUP_B "," REJ_C,  /* truncated */
    "[" OK_A "]",
    "{\"results\":[" OK_A "," DUP_B "," REJ_C "]}",                        /* no batch id */
    "{\"batch_id\":\"" UUID_C "\",\"results\":[" OK_A "," DUP_B "," REJ_C "]}",
    "{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A "," DUP_B "]}",        /* one missing */
    "{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A "," DUP_B "," REJ_C "," OK_A "]}",
    "{\"batch_id\":\"" BATCH "\",\"results\":[" DUP_B "," OK_A "," REJ_C "]}",  /* order */
    "{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A "," OK_A "," REJ_C "]}",
    "{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A ",{\"uuid\":\"" UUID_B "\",\"status\":"
    "\"accepted\"}," REJ_C "]}",                                           /* no reference */
    "{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A ",{\"uuid\":\"" UUID_B "\",\"status\":"
    "\"maybe\",\"server_reference\":\"x\"}," REJ_C "]}",
    "{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A ",{\"uuid\":\"" UUID_B "\",\"status\":"
    "\"accepted\",\"server_reference\":42}," REJ_C "]}",
    "{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A ",{\"uuid\":\"" UUID_B "\",\"status\":"
    "\"accepted\",\"server_reference\":\"a\\u0000b\"}," REJ_C "]}",
    "{\"batch_id\":\"" BATCH "\",\"results\":[" OK_A ",{\"uuid\":\"" UUID_B "\",\"status\":"
    "\"rejected\",\"code\":\"because\"}," REJ_C "]}",
    "{\"batch_id\":\"" BATCH "\",\"results\":{}}",
    "\xff\xfe{}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) results = parse (broken[i], records, &error);

      g_test_message ("answer %" G_GSIZE_FORMAT, i);
      g_assert_null (results);
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_SYNC_PROTOCOL);
    }
}

static void
test_error_bodies_are_described (void)
{
  static const char body_text[] = "{\"error\":{\"code\":\"too_large\",\"message\":\"batch over"
                                  " 8 MiB\\u202e\"}}";
  g_autoptr(GBytes) body = g_bytes_new_static (body_text, sizeof body_text - 1);
  g_autoptr(GBytes) junk = g_bytes_new_static ("<html>", 6);
  g_autofree char *described = kiosk_sync_describe_error (413, body);
  g_autofree char *plain = kiosk_sync_describe_error (502, junk);
  g_autofree char *nothing = kiosk_sync_describe_error (500, NULL);

  g_assert_cmpstr (described, ==, "HTTP 413 too_large: batch over 8 MiB");
  g_assert_cmpstr (plain, ==, "HTTP 502");
  g_assert_cmpstr (nothing, ==, "HTTP 500");
}

static void
test_gzip_round_trip (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GBytes) unpacked = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 5000; i++)
    g_string_append_printf (text, "{\"uuid\":\"%d\",\"text\":\"بلاغ %d\"},", i, i * 7);
  plain = g_bytes_new (text->str, text->len);

  packed = kiosk_sync_gzip (plain, &error);
  g_assert_no_error (error);
  /* gzip magic, and JSON shrinks a lot. */
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (packed, NULL))[0], ==, 0x1f);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (packed, NULL))[1], ==, 0x8b);
  g_assert_cmpuint (g_bytes_get_size (packed), <, g_bytes_get_size (plain) / 4);

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  raw = g_memory_input_stream_new_from_bytes (packed);
  stream = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  out = g_memory_output_stream_new_resizable ();
  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  unpacked = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_true (g_bytes_equal (unpacked, plain));
}

static void
test_wake_reaches_a_listening_daemon (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *path = kiosk_wake_socket_path (db);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  /* Nobody listens yet: no error, no wait. */
  g_assert_false (kiosk_wake_sync (db));

  socket = kiosk_wake_listen (db, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (kiosk_wake_drain (socket), ==, 0);

  g_assert_true (kiosk_wake_sync (db));
  g_assert_true (kiosk_wake_sync (db));
  g_assert_true (g_socket_condition_timed_wait (socket, G_IO_IN, G_USEC_PER_SEC, NULL, &error));
  g_assert_cmpuint (kiosk_wake_drain (socket), ==, 2);

  /* A daemon killed without cleaning up left its socket: the next one takes the place. */
  g_clear_object (&socket);
  socket = kiosk_wake_listen (db, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_wake_sync (db));
  g_clear_object (&socket);

  /* A path too long for a Unix socket: no wake-up, no crash. */
  {
    g_autofree char *long_db = g_strnfill (200, 'x');
    g_assert_null (kiosk_wake_socket_path (long_db));
    g_assert_false (kiosk_wake_sync (long_db));
  }

  kiosk_test_remove_dir (dir);
}

static void
test_wake_refuses_to_replace_a_regular_file (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *path = kiosk_wake_socket_path (db);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "precious", -1, &error));
  socket = kiosk_wake_listen (db, &error);
  g_assert_null (socket);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/sync/backoff/full-jitter-within-cap",
                   test_backoff_full_jitter_within_cap);
  g_test_add_func ("/kiosk/sync/backoff/honours-retry-after", test_backoff_honours_retry_after);
  g_test_add_func ("/kiosk/sync/backoff/retry-after-parsing", test_retry_after_parsing);
  g_test_add_func ("/kiosk/sync/protocol/batch-body-follows-the-contract",
                   test_batch_body_follows_the_contract);
  g_test_add_func ("/kiosk/sync/protocol/damaged-record-cannot-be-sent",
                   test_damaged_record_cannot_be_sent);
  g_test_add_func ("/kiosk/sync/protocol/answer-maps-to-results", test_answer_maps_to_results);
  g_test_add_func ("/kiosk/sync/protocol/answer-must-match-what-was-sent",
                   test_answer_must_match_what_was_sent);
  g_test_add_func ("/kiosk/sync/protocol/error-bodies-are-described",
                   test_error_bodies_are_described);
  g_test_add_func ("/kiosk/sync/protocol/gzip-round-trip", test_gzip_round_trip);
  g_test_add_func ("/kiosk/sync/wake/reaches-a-listening-daemon",
                   test_wake_reaches_a_listening_daemon);
  g_test_add_func ("/kiosk/sync/wake/refuses-to-replace-a-regular-file",
                   test_wake_refuses_to_replace_a_regular_file);

  return g_test_run ();
}
