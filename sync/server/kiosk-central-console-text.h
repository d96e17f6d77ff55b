/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every word the staff console shows, in Arabic and English, in one table: the console is
 * served by kiosk-central, not the kiosk app, so its Arabic lives here rather than in
 * locale/ar.po (see README, "Staff console"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CONSOLE_LANG_AR,
  CONSOLE_LANG_EN,
} ConsoleLang;

typedef enum
{
  T_CONSOLE_TITLE,
  T_OTHER_LANGUAGE,
  T_SIGN_IN,
  T_SIGN_OUT,
  T_USERNAME,
  T_PASSWORD,
  T_WRONG_PASSWORD,
  T_LOCKED_OUT,
  T_FORM_EXPIRED,
  T_REPORTS,
  T_FILTER,
  T_CLEAR,
  T_ANY,
  T_STATUS,
  T_CATEGORY,
  T_PRIORITY,
  T_WILAYAT,
  T_AREA,
  T_KIOSK,
  T_AGE,
  T_AGE_DAY,
  T_AGE_WEEK,
  T_AGE_MONTH,
  T_AGE_QUARTER,
  T_REFERENCE,
  T_FILED,
  T_NO_REPORTS,
  T_PAGE_OF,
  T_TOTAL,
  T_PREVIOUS,
  T_NEXT,
  T_DETAILS,
  T_DESCRIPTION,
  T_LANDMARK,
  T_POSITION,
  T_SOURCE,
  T_PHOTOS,
  T_NO_PHOTOS,
  T_ADDITIONS,
  T_NO_ADDITIONS,
  T_HISTORY,
  T_CHANGE_STATUS,
  T_NEW_STATUS,
  T_NOTE_AR,
  T_NOTE_EN,
  T_SAVE,
  T_NOTE_NEEDED,
  T_NO_CHANGE_ALLOWED,
  T_STATUS_CONFLICT,
  T_NOT_FOUND,
  T_MINUTES,
  T_HOURS,
  T_DAYS,
  T_STATUS_RECEIVED,
  T_STATUS_ASSIGNED,
  T_STATUS_IN_PROGRESS,
  T_STATUS_RESOLVED,
  T_STATUS_CLOSED,
  T_STATUS_REJECTED,
  T_PRIORITY_HIGH,
  T_PRIORITY_MEDIUM,
  T_PRIORITY_LOW,
  T_ROLE_OFFICER,
  T_ROLE_SUPERVISOR,
  T_BAD_NOTE,
  T_REFUNDS,
  T_REFUND_CASE,
  T_FINE_NUMBER,
  T_AMOUNT,
  T_OPENED,
  T_RESOLVE_REFUND,
  T_REFUND_SETTLED,
  T_NO_REFUNDS,
  T_SUPERVISORS_ONLY,
  T_KIOSKS,
  T_LAST_RECORD,
  T_ACCEPTED,
  T_REJECTED_RECORDS,
  T_KIND,
  T_REASON,
  T_NO_REJECTED,
  T_ENABLED,
  T_DISABLED,
  T_NEVER,
  T_NOTE,
  T_OMR,
  T_LAST_SYNC,
  T_QUEUE_DEPTH,
  T_PARKED,
  T_AGENT_VERSION,
  T_NOT_REPORTED,
  N_CONSOLE_TEXTS
} ConsoleText;

const char *kiosk_central_console_text     (ConsoleText  text,
                                            ConsoleLang  lang);
/* A status, priority or role word ("in_progress", "HIGH", "officer") in `lang`; the word
 * itself when the table has none. */
const char *kiosk_central_console_word     (const char  *word,
                                            ConsoleLang  lang);

G_END_DECLS
