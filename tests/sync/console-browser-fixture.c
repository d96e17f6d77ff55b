/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server side of the console's browser test (tests/browser/console.test.mjs): builds the
 * console fixture (a report filed at a kiosk, sent by the real agent to the real
 * kiosk-central), prints one JSON line {url, reference, uuid, photos, users}, then answers
 * each "track" line on stdin with the kiosk's tracking after another pull, as one JSON line
 * {status, note_ar, note_en}, and each "announcements" line with the English titles of the
 * kiosk's announcements after another pull, {announcements: [...]}. Stops at end of input.
 * Test-only. */
#define G_LOG_DOMAIN "console-browser-fixture"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "console-fixture.h"

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  printf ("%s\n", text);
  fflush (stdout);
}

static void
print_fixture (ConsoleFixture *fixture)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, fixture->server->url);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, fixture->reference);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, fixture->report_uuid);
  json_builder_set_member_name (builder, "photos");
  json_builder_begin_array (builder);
  for (guint i = 0; i < fixture->photos->len; i++)
    json_builder_add_string_value (builder, fixture->photos->pdata[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "supervisor");
  json_builder_add_string_value (builder, CONSOLE_SUPERVISOR);
  json_builder_set_member_name (builder, "supervisor_password");
  json_builder_add_string_value (builder, CONSOLE_SUPERVISOR_PASSWORD);
  json_builder_set_member_name (builder, "officer");
  json_builder_add_string_value (builder, CONSOLE_OFFICER);
  json_builder_set_member_name (builder, "officer_password");
  json_builder_add_string_value (builder, CONSOLE_OFFICER_PASSWORD);
  json_builder_end_object (builder);
  print_json (builder);
}

static void
print_tracking (ConsoleFixture *fixture)
{
  g_autoptr(KioskReportStatus) status = console_fixture_track (fixture);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  KioskStatusEvent *last = status->history->len > 0
                             ? g_ptr_array_index (status->history, status->history->len - 1)
                             : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status->status);
  json_builder_set_member_name (builder, "note_ar");
  json_builder_add_string_value (builder, last ? last->note_ar : "");
  json_builder_set_member_name (builder, "note_en");
  json_builder_add_string_value (builder, last ? last->note_en : "");
  json_builder_end_object (builder);
  print_json (builder);
}

/* After another pull: the English titles of the announcements in the kiosk's store. */
static void
print_announcements (ConsoleFixture *fixture)
{
  g_autoptr(KioskReportStatus) status = console_fixture_track (fixture);
  g_autoptr(GPtrArray) titles = sync_db_column (fixture->kiosk_db,
                                                "SELECT title_en FROM announcements"
                                                " ORDER BY title_en");
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "announcements");
  json_builder_begin_array (builder);
  for (guint i = 0; i < titles->len; i++)
    json_builder_add_string_value (builder, titles->pdata[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_json (builder);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ConsoleFixture) fixture = NULL;
  char line[64];

  /* The sync helpers assert like tests do. */
  g_test_init (&argc, &argv, NULL);
  fixture = console_fixture_new ();
  print_fixture (fixture);
  while (fgets (line, sizeof line, stdin) != NULL)
    if (strncmp (line, "track", 5) == 0)
      print_tracking (fixture);
    else if (strncmp (line, "announcements", 13) == 0)
      print_announcements (fixture);
  return 0;
}
