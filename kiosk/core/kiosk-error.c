/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's error domain. */
#define G_LOG_DOMAIN "kiosk-core"

#include "config.h"

#include "kiosk-error.h"

G_DEFINE_QUARK (kiosk-error-quark, kiosk_error)
