/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signed QR payloads: the grammar, a strict reader, the signer and offline verification.
 *
 * A token is short ASCII text (README.md, "Signed QR codes", says the same for the people
 * who print notices):
 *
 *   token     = "MK1" "." kind "." fields "." key-id "." signature
 *   kind      = "FN" / "LN" / "PN" / "RC" / "CV" / "RT"
 *   fields    = base64url of the field bytes below (1 to 80 bytes)
 *   key-id    = base64url of the first 8 bytes of SHA-256 (signer's public key): 11 chars
 *   signature = base64url of the Ed25519 signature of every byte of the token before the
 *               last ".": 86 chars
 *
 * base64url is RFC 4648 §5 without padding, and with the unused low bits of the last
 * character zero: one spelling per byte string. "MK" plus another number is a later version,
 * refused with KIOSK_ERROR_TOKEN_VERSION. At most KIOSK_TOKEN_MAX_LENGTH characters, and
 * nothing after the signature.
 *
 * The field bytes are fields one after another, each a one-letter ASCII tag and its value,
 * tags in increasing order, every field of the kind present once and no other:
 *
 *   uint  unsigned LEB128 in its shortest form (7 bits a byte, lowest first, the high bit
 *         set on every byte but the last)
 *   text  one length byte (at least 1), then that many printable ASCII bytes
 *   list  one count byte, then that many texts
 *   uuid  the 16 bytes of the UUID
 *   date  a uint holding YYYYMMDD
 *
 *   FN  a total (uint baisa)  i issued (uint time)  n fine numbers (list, 1-3)  p plate (text)
 *   LN  e expiry (date)  f fee (uint baisa)  n licence number (text)  y "shop" / "vehicle"
 *   PN  e expiry (date)  f fee (uint baisa)  n permit number (text)   y "parking" / "vehicle"
 *   RC  a amount (uint baisa)  r reference (text)  s service (text)  t written (uint time)
 *       u record (uuid)
 *   CV  a amount (uint baisa)  e expires (uint time)  r reference (text)  u payment (uuid)
 *   RT  r reference (text)  u report (uuid)
 *
 * Values: baisa up to KIOSK_MONEY_MAX; times in Unix seconds, 1 to KIOSK_TOKEN_MAX_TIME;
 * dates from 2000-01-01 to 2999-12-31; plates canonical ("9415 H"); licence numbers 6-10
 * digits; fine and permit numbers 1-16 of A-Z 0-9 "-", starting and ending with a letter or
 * digit; references KIOSKCODE-YYMMDD-NNNN; services 1-16 of a-z "_", starting with a letter.
 * FN, LN and PN are signed by the municipality's server; RC, CV and RT by the kiosk whose
 * code starts their reference.
 *
 * With these limits every token fits KIOSK_TOKEN_MAX_LENGTH, the byte capacity of a
 * version-10 QR code at error correction M. */
#define G_LOG_DOMAIN "kiosk-token"

#include "config.h"

#include "kiosk-token.h"

#include <string.h>

#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-keys-private.h"
#include "kiosk-token-private.h"
#include "kiosk-validate.h"

#define PREFIX "MK"
#define VERSION 1
#define MAX_FIELD_BYTES 80
#define KEY_ID_BYTES 8
#define MIN_DATE 20000101
#define MAX_DATE 29991231

typedef enum
{
  SLOT_AMOUNT,
  SLOT_TIME,
  SLOT_EXPIRES_AT,
  SLOT_FINES,
  SLOT_PLATE,
  SLOT_LICENCE_NUMBER,
  SLOT_PERMIT_NUMBER,
  SLOT_LICENCE_KIND,
  SLOT_PERMIT_KIND,
  SLOT_EXPIRY_DATE,
  SLOT_REFERENCE,
  SLOT_UUID,
  SLOT_SERVICE,
} Slot;

typedef enum
{
  TYPE_UINT,
  TYPE_TEXT,
  TYPE_LIST,
  TYPE_UUID,
  TYPE_DATE,
} FieldType;

typedef struct
{
  FieldType   type;
  const char *name;       /* in messages */
  gsize       max_chars;  /* texts */
  KioskError  sign_code;  /* what a signer is told about a bad value */
} SlotInfo;

static const SlotInfo slots[] = {
  [SLOT_AMOUNT]         = { TYPE_UINT, "amount", 0, KIOSK_ERROR_INVALID_AMOUNT },
  [SLOT_TIME]           = { TYPE_UINT, "time", 0, KIOSK_ERROR_INVALID_VALUE },
  [SLOT_EXPIRES_AT]     = { TYPE_UINT, "expiry time", 0, KIOSK_ERROR_INVALID_VALUE },
  [SLOT_FINES]          = { TYPE_LIST, "list of fines", KIOSK_TOKEN_MAX_CODE_CHARS,
                            KIOSK_ERROR_INVALID_VALUE },
  [SLOT_PLATE]          = { TYPE_TEXT, "plate", 8, KIOSK_ERROR_INVALID_PLATE },
  [SLOT_LICENCE_NUMBER] = { TYPE_TEXT, "licence number", 10, KIOSK_ERROR_INVALID_LICENCE },
  [SLOT_PERMIT_NUMBER]  = { TYPE_TEXT, "permit number", KIOSK_TOKEN_MAX_CODE_CHARS,
                            KIOSK_ERROR_INVALID_VALUE },
  [SLOT_LICENCE_KIND]   = { TYPE_TEXT, "licence kind", 7, KIOSK_ERROR_INVALID_VALUE },
  [SLOT_PERMIT_KIND]    = { TYPE_TEXT, "permit kind", 7, KIOSK_ERROR_INVALID_VALUE },
  [SLOT_EXPIRY_DATE]    = { TYPE_DATE, "expiry date", 0, KIOSK_ERROR_INVALID_VALUE },
  [SLOT_REFERENCE]      = { TYPE_TEXT, "reference", 32, KIOSK_ERROR_INVALID_VALUE },
  [SLOT_UUID]           = { TYPE_UUID, "UUID", 0, KIOSK_ERROR_INVALID_VALUE },
  [SLOT_SERVICE]        = { TYPE_TEXT, "service", KIOSK_TOKEN_MAX_SERVICE,
                            KIOSK_ERROR_INVALID_VALUE },
};

typedef struct
{
  char tag;
  Slot slot;
} FieldSpec;

#define MAX_KIND_FIELDS 5

typedef struct
{
  KioskTokenKind kind;
  const char    *code;
  const char    *name;
  gboolean       from_server;
  guint          n_fields;
  FieldSpec      fields[MAX_KIND_FIELDS];  /* by increasing tag */
} KindSpec;

static const KindSpec kinds[] = {
  { KIOSK_TOKEN_FINE_NOTICE, "FN", "fine notice", TRUE, 4,
    { { 'a', SLOT_AMOUNT }, { 'i', SLOT_TIME }, { 'n', SLOT_FINES }, { 'p', SLOT_PLATE } } },
  { KIOSK_TOKEN_LICENCE_NOTICE, "LN", "licence notice", TRUE, 4,
    { { 'e', SLOT_EXPIRY_DATE }, { 'f', SLOT_AMOUNT }, { 'n', SLOT_LICENCE_NUMBER },
      { 'y', SLOT_LICENCE_KIND } } },
  { KIOSK_TOKEN_PERMIT_NOTICE, "PN", "permit notice", TRUE, 4,
    { { 'e', SLOT_EXPIRY_DATE }, { 'f', SLOT_AMOUNT }, { 'n', SLOT_PERMIT_NUMBER },
      { 'y', SLOT_PERMIT_KIND } } },
  { KIOSK_TOKEN_RECEIPT, "RC", "kiosk receipt", FALSE, 5,
    { { 'a', SLOT_AMOUNT }, { 'r', SLOT_REFERENCE }, { 's', SLOT_SERVICE }, { 't', SLOT_TIME },
      { 'u', SLOT_UUID } } },
  { KIOSK_TOKEN_COUNTER_VOUCHER, "CV", "counter-payment voucher", FALSE, 4,
    { { 'a', SLOT_AMOUNT }, { 'e', SLOT_EXPIRES_AT }, { 'r', SLOT_REFERENCE },
      { 'u', SLOT_UUID } } },
  { KIOSK_TOKEN_REPORT_TRACKING, "RT", "report tracking slip", FALSE, 2,
    { { 'r', SLOT_REFERENCE }, { 'u', SLOT_UUID } } },
};

struct _KioskToken
{
  const KindSpec   *spec;
  KioskTokenFields  fields;    /* points into the members below */
  char             *text;
  char              key_id[KIOSK_KEY_ID_LENGTH + 1];
  guint8            signature[KIOSK_KEY_SIGNATURE_BYTES];
  gsize             signed_len;
  char             *signer;
  gboolean          own;
  char             *kiosk_code;
  GStrv             fine_numbers;
  char             *plate;
  char             *number;
  char             *subject;
  char             *expiry_date;
  char             *reference;
  char             *uuid;
  char             *service;
};

static const KindSpec *
spec_for_kind (KioskTokenKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return &kinds[i];
  return NULL;
}

static const KindSpec *
spec_for_code (const char *code,
               gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (len == 2 && memcmp (kinds[i].code, code, 2) == 0)
      return &kinds[i];
  return NULL;
}

const char *
kiosk_token_kind_to_code (KioskTokenKind kind)
{
  const KindSpec *spec = spec_for_kind (kind);

  g_return_val_if_fail (spec != NULL, NULL);
  return spec->code;
}

/* Values ------------------------------------------------------------------------------- */

static gboolean
is_code_char (char c)
{
  return g_ascii_isupper (c) || g_ascii_isdigit (c);
}

/* What is wrong with a text value, or NULL. Signing and reading share these, so a signer
 * never makes a token a reader refuses. */
static const char *
check_text (Slot        slot,
            const char *value)
{
  gsize len = strlen (value);

  if (len == 0)
    return "is empty";
  if (len > slots[slot].max_chars)
    return "is too long";
  for (gsize i = 0; i < len; i++)
    if (value[i] < 0x20 || value[i] > 0x7e)
      return "has a character that is not printable ASCII";

  switch (slot)
    {
    case SLOT_PLATE:
      {
        g_autofree char *canonical = kiosk_validate_plate (value, NULL);
        return g_strcmp0 (canonical, value) == 0 ? NULL : "is not a plate in canonical form";
      }
    case SLOT_LICENCE_NUMBER:
      {
        g_autofree char *canonical = kiosk_validate_licence_number (value, NULL);
        return g_strcmp0 (canonical, value) == 0 ? NULL : "is not a licence number of 6-10 digits";
      }
    case SLOT_FINES:
    case SLOT_PERMIT_NUMBER:
      if (!is_code_char (value[0]) || !is_code_char (value[len - 1]))
        return "has a number that does not start and end with a capital letter or digit";
      for (gsize i = 0; i < len; i++)
        if (!is_code_char (value[i]) && value[i] != '-')
          return "has a character other than A-Z, 0-9 and - in a number";
      return NULL;
    case SLOT_LICENCE_KIND:
      return g_str_equal (value, "shop") || g_str_equal (value, "vehicle")
             ? NULL : "is not \"shop\" or \"vehicle\"";
    case SLOT_PERMIT_KIND:
      return g_str_equal (value, "parking") || g_str_equal (value, "vehicle")
             ? NULL : "is not \"parking\" or \"vehicle\"";
    case SLOT_REFERENCE:
      return kiosk_reference_is_valid (value) ? NULL : "is not a kiosk reference";
    case SLOT_SERVICE:
      if (!g_ascii_islower (value[0]))
        return "must start with a letter a-z";
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_islower (value[i]) && value[i] != '_')
          return "has a character other than a-z and _";
      return NULL;
    case SLOT_AMOUNT:
    case SLOT_TIME:
    case SLOT_EXPIRES_AT:
    case SLOT_EXPIRY_DATE:
    case SLOT_UUID:
    default:
      g_return_val_if_reached ("is not a text field");
    }
}

static const char *
check_uint (Slot    slot,
            guint64 value)
{
  switch (slot)
    {
    case SLOT_AMOUNT:
      return value <= (guint64) KIOSK_MONEY_MAX ? NULL : "is more than any amount can be";
    case SLOT_TIME:
    case SLOT_EXPIRES_AT:
      return value >= 1 && value <= (guint64) KIOSK_TOKEN_MAX_TIME ? NULL : "is out of range";
    case SLOT_EXPIRY_DATE:
      {
        guint64 day = value % 100, month = value / 100 % 100, year = value / 10000;

        if (value < MIN_DATE || value > MAX_DATE ||
            !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
          return "is not a date from 2000 to 2999";
        return NULL;
      }
    default:
      g_return_val_if_reached ("is not a number field");
    }
}

/* "YYYY-MM-DD" as YYYYMMDD, or FALSE. */
static gboolean
date_to_uint (const char *text,
              guint64    *out)
{
  guint64 value = 0;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint64) (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

/* Encoding ------------------------------------------------------------------------------ */

static void
put_uint (GByteArray *out,
          guint64     value)
{
  do
    {
      guint8 byte = value & 0x7f;

      value >>= 7;
      if (value != 0)
        byte |= 0x80;
      g_byte_array_append (out, &byte, 1);
    }
  while (value != 0);
}

static void
put_text (GByteArray *out,
          const char *text)
{
  guint8 len = (guint8) strlen (text);

  g_byte_array_append (out, &len, 1);
  g_byte_array_append (out, (const guint8 *) text, len);
}

static gboolean
put_uuid (GByteArray *out,
          const char *uuid)
{
  guint8 bytes[16];
  guint n = 0;

  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    return FALSE;
  for (const char *p = uuid; *p != '\0' && n < sizeof bytes; p++)
    {
      if (*p == '-')
        continue;
      bytes[n++] = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
      p++;
    }
  g_byte_array_append (out, bytes, sizeof bytes);
  return TRUE;
}

static gboolean
fail_field (GError        **error,
            const KindSpec *spec,
            Slot            slot,
            const char     *problem)
{
  g_set_error (error, KIOSK_ERROR, slots[slot].sign_code, "The %s's %s %s",
               spec->name, slots[slot].name, problem);
  return FALSE;
}

static gboolean
encode_text (GByteArray     *out,
             const KindSpec *spec,
             Slot            slot,
             const char     *value,
             GError        **error)
{
  const char *problem;

  if (value == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "The %s has no %s",
                   spec->name, slots[slot].name);
      return FALSE;
    }
  problem = check_text (slot, value);
  if (problem != NULL)
    return fail_field (error, spec, slot, problem);
  put_text (out, value);
  return TRUE;
}

static gboolean
encode_uint (GByteArray     *out,
             const KindSpec *spec,
             Slot            slot,
             gint64          value,
             GError        **error)
{
  const char *problem = value < 0 ? "is negative" : check_uint (slot, (guint64) value);

  if (problem != NULL)
    return fail_field (error, spec, slot, problem);
  put_uint (out, (guint64) value);
  return TRUE;
}

static gboolean
encode_fields (const KindSpec         *spec,
               const KioskTokenFields *fields,
               GByteArray             *out,
               GError                **error)
{
  for (guint i = 0; i < spec->n_fields; i++)
    {
      Slot slot = spec->fields[i].slot;
      guint8 tag = (guint8) spec->fields[i].tag;
      guint64 date = 0;
      gboolean ok = TRUE;

      g_byte_array_append (out, &tag, 1);
      switch (slot)
        {
        case SLOT_AMOUNT:
          ok = encode_uint (out, spec, slot, fields->amount, error);
          break;
        case SLOT_TIME:
          ok = encode_uint (out, spec, slot, fields->time, error);
          break;
        case SLOT_EXPIRES_AT:
          ok = encode_uint (out, spec, slot, fields->expires_at, error);
          break;
        case SLOT_EXPIRY_DATE:
          if (fields->expiry_date == NULL || !date_to_uint (fields->expiry_date, &date))
            return fail_field (error, spec, slot, "is not a date YYYY-MM-DD");
          ok = encode_uint (out, spec, slot, (gint64) date, error);
          break;
        case SLOT_FINES:
          {
            guint8 count = fields->fine_numbers ? g_strv_length ((GStrv) fields->fine_numbers) : 0;

            if (count == 0 || count > KIOSK_TOKEN_MAX_FINES)
              return fail_field (error, spec, slot, "must name 1 to 3 fines");
            g_byte_array_append (out, &count, 1);
            for (guint j = 0; ok && j < count; j++)
              {
                ok = encode_text (out, spec, slot, fields->fine_numbers[j], error);
                for (guint k = 0; ok && k < j; k++)
                  if (g_str_equal (fields->fine_numbers[k], fields->fine_numbers[j]))
                    return fail_field (error, spec, slot, "names the same fine twice");
              }
          }
          break;
        case SLOT_PLATE:
          ok = encode_text (out, spec, slot, fields->plate, error);
          break;
        case SLOT_LICENCE_NUMBER:
        case SLOT_PERMIT_NUMBER:
          ok = encode_text (out, spec, slot, fields->number, error);
          break;
        case SLOT_LICENCE_KIND:
        case SLOT_PERMIT_KIND:
          ok = encode_text (out, spec, slot, fields->subject, error);
          break;
        case SLOT_REFERENCE:
          ok = encode_text (out, spec, slot, fields->reference, error);
          break;
        case SLOT_SERVICE:
          ok = encode_text (out, spec, slot, fields->service, error);
          break;
        case SLOT_UUID:
          if (!put_uuid (out, fields->uuid))
            return fail_field (error, spec, slot, "is not a UUID");
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }
  /* The limits above keep every kind within this; a failure here is a bug in them. */
  g_assert (out->len <= MAX_FIELD_BYTES);
  return TRUE;
}

/* "MK1.KIND.FIELDS.KEYID": what the signature covers. */
static GString *
signed_part (const char   *kind_code,
             const guint8 *field_data,
             gsize         field_len,
             const char   *key_id)
{
  g_autofree char *fields = kiosk_base64url_encode (field_data, field_len);
  GString *text = g_string_new (NULL);

  g_string_printf (text, PREFIX "%d.%s.%s.%s", VERSION, kind_code, fields, key_id);
  return text;
}

static void
append_signature (GString      *text,
                  const guint8  signature[KIOSK_KEY_SIGNATURE_BYTES])
{
  g_autofree char *encoded = kiosk_base64url_encode (signature, KIOSK_KEY_SIGNATURE_BYTES);

  g_string_append_c (text, '.');
  g_string_append (text, encoded);
}

char *
kiosk_token_sign_raw (const KioskSigningKey *key,
                      const char            *kind_code,
                      const guint8          *field_data,
                      gsize                  field_len)
{
  g_autoptr(GString) text = signed_part (kind_code, field_data, field_len,
                                         kiosk_signing_key_get_id (key));
  guint8 signature[KIOSK_KEY_SIGNATURE_BYTES];

  kiosk_signing_key_sign (key, (const guint8 *) text->str, text->len, signature);
  append_signature (text, signature);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
kiosk_token_sign_with_key (const KioskSigningKey   *key,
                           KioskTokenKind           kind,
                           const KioskTokenFields  *fields,
                           GError                 **error)
{
  const KindSpec *spec = spec_for_kind (kind);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  char *text;

  g_return_val_if_fail (key != NULL && fields != NULL, NULL);

  if (spec == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_WRONG_KIND,
                   "A token is exactly one of the known kinds (got 0x%x)", kind);
      return NULL;
    }
  if (!encode_fields (spec, fields, data, error))
    return NULL;

  text = kiosk_token_sign_raw (key, spec->code, data->data, data->len);
  g_assert (strlen (text) <= KIOSK_TOKEN_MAX_LENGTH);
  return text;
}

/* The kiosk code that starts a reference. */
static char *
reference_kiosk_code (const char *reference)
{
  const char *dash = strchr (reference, '-');

  return dash ? g_strndup (reference, (gsize) (dash - reference)) : NULL;
}

static char *
sign_as_kiosk (KioskStore             *store,
               const KioskSigningKey  *key,
               KioskTokenKind          kind,
               const KioskTokenFields *fields,
               GError                **error)
{
  const KindSpec *spec = spec_for_kind (kind);
  g_autofree char *code = NULL;
  g_autofree char *issuer = NULL;

  if (spec == NULL || spec->from_server)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_WRONG_KIND,
                   "A kiosk signs receipts, vouchers and tracking slips; a %s comes from "
                   "the municipality's server", spec ? spec->name : "token of that kind");
      return NULL;
    }

  /* Other kiosks accept this kiosk's key only for its own references. */
  code = kiosk_store_dup_kiosk_code (store, error);
  if (code == NULL)
    return NULL;
  issuer = fields->reference ? reference_kiosk_code (fields->reference) : NULL;
  if (issuer != NULL && !g_str_equal (issuer, code))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "Reference %s is another kiosk's; this is kiosk %s",
                   fields->reference, code);
      return NULL;
    }
  return kiosk_token_sign_with_key (key, kind, fields, error);
}

char *
kiosk_token_sign (KioskStore              *store,
                  KioskTokenKind           kind,
                  const KioskTokenFields  *fields,
                  GError                 **error)
{
  g_autoptr(KioskSigningKey) key = NULL;

  g_return_val_if_fail (store != NULL && fields != NULL, NULL);

  key = kiosk_keys_load_own (store, error);
  if (key == NULL)
    return NULL;
  return sign_as_kiosk (store, key, kind, fields, error);
}

gboolean
kiosk_token_sign_receipt (KioskStore  *store,
                          const char  *reference,
                          const char  *record_uuid,
                          const char  *service,
                          KioskBaisa   amount,
                          gint64       written_at,
                          char       **out_payload,
                          GError     **error)
{
  g_autoptr(KioskSigningKey) key = NULL;
  g_autoptr(GError) local_error = NULL;
  KioskTokenFields fields = {
    .reference = reference,
    .uuid = record_uuid,
    .service = service,
    .amount = amount,
    .time = written_at,
  };

  g_return_val_if_fail (store != NULL && out_payload != NULL, FALSE);

  *out_payload = NULL;
  key = kiosk_keys_load_own (store, &local_error);
  if (key != NULL)
    *out_payload = sign_as_kiosk (store, key, KIOSK_TOKEN_RECEIPT, &fields, &local_error);
  if (*out_payload != NULL)
    return TRUE;

  /* The store failing fails the transaction anyway; anything else about the QR code must
   * not stop a visitor's receipt from being written. */
  if (g_error_matches (local_error, KIOSK_ERROR, KIOSK_ERROR_STORE_BUSY) ||
      g_error_matches (local_error, KIOSK_ERROR, KIOSK_ERROR_STORE_IO) ||
      g_error_matches (local_error, KIOSK_ERROR, KIOSK_ERROR_STORE_SQL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_warning ("Receipt %s is written without a QR code: %s", reference, local_error->message);
  return TRUE;
}

/* Reading ------------------------------------------------------------------------------- */

void
kiosk_token_free (KioskToken *token)
{
  if (token == NULL)
    return;
  g_free (token->text);
  g_free (token->signer);
  g_free (token->kiosk_code);
  g_strfreev (token->fine_numbers);
  g_free (token->plate);
  g_free (token->number);
  g_free (token->subject);
  g_free (token->expiry_date);
  g_free (token->reference);
  g_free (token->uuid);
  g_free (token->service);
  g_free (token);
}

static gboolean G_GNUC_PRINTF (2, 3)
malformed (GError    **error,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_MALFORMED,
               "This is not a valid Muscat Municipality code: %s", message);
  return FALSE;
}

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
} Reader;

static gboolean
read_byte (Reader *reader,
           guint8 *out)
{
  if (reader->pos >= reader->len)
    return FALSE;
  *out = reader->data[reader->pos++];
  return TRUE;
}

/* Shortest-form LEB128 only: one value, one spelling. */
static gboolean
read_uint (Reader  *reader,
           guint64 *out)
{
  guint64 value = 0;
  guint8 byte;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      if (!read_byte (reader, &byte))
        return FALSE;
      if (shift == 63 && byte > 1)
        return FALSE;
      value |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          if (byte == 0 && shift > 0)
            return FALSE;
          *out = value;
          return TRUE;
        }
    }
  return FALSE;
}

static char *
read_text (Reader     *reader,
           Slot        slot,
           const char **problem)
{
  g_autofree char *text = NULL;
  guint8 len;

  *problem = "is cut short";
  if (!read_byte (reader, &len) || len > reader->len - reader->pos)
    return NULL;
  text = g_strndup ((const char *) reader->data + reader->pos, len);
  reader->pos += len;
  if (strlen (text) != len)
    {
      *problem = "has a NUL byte";
      return NULL;
    }
  *problem = check_text (slot, text);
  return *problem == NULL ? g_steal_pointer (&text) : NULL;
}

static gboolean
read_field (KioskToken *token,
            Reader     *reader,
            Slot        slot,
            GError    **error)
{
  const KindSpec *spec = token->spec;
  const char *problem = "is cut short";
  guint64 value = 0;
  char *text = NULL;

  switch (slots[slot].type)
    {
    case TYPE_UINT:
    case TYPE_DATE:
      if (!read_uint (reader, &value))
        {
          problem = "is not a number in shortest form";
          break;
        }
      problem = check_uint (slot, value);
      if (problem != NULL)
        break;
      if (slot == SLOT_AMOUNT)
        token->fields.amount = (KioskBaisa) value;
      else if (slot == SLOT_TIME)
        token->fields.time = (gint64) value;
      else if (slot == SLOT_EXPIRES_AT)
        token->fields.expires_at = (gint64) value;
      else
        token->expiry_date = g_strdup_printf ("%04u-%02u-%02u", (guint) (value / 10000),
                                              (guint) (value / 100 % 100),
                                              (guint) (value % 100));
      break;

    case TYPE_TEXT:
      text = read_text (reader, slot, &problem);
      if (text == NULL)
        break;
      if (slot == SLOT_PLATE)
        token->plate = text;
      else if (slot == SLOT_LICENCE_NUMBER || slot == SLOT_PERMIT_NUMBER)
        token->number = text;
      else if (slot == SLOT_LICENCE_KIND || slot == SLOT_PERMIT_KIND)
        token->subject = text;
      else if (slot == SLOT_REFERENCE)
        token->reference = text;
      else
        token->service = text;
      break;

    case TYPE_LIST:
      {
        guint8 count;

        if (!read_byte (reader, &count))
          break;
        if (count == 0 || count > KIOSK_TOKEN_MAX_FINES)
          {
            problem = "must name 1 to 3 fines";
            break;
          }
        token->fine_numbers = g_new0 (char *, count + 1);
        problem = NULL;
        for (guint i = 0; problem == NULL && i < count; i++)
          {
            token->fine_numbers[i] = read_text (reader, slot, &problem);
            for (guint j = 0; problem == NULL && j < i; j++)
              if (g_str_equal (token->fine_numbers[j], token->fine_numbers[i]))
                problem = "names the same fine twice";
          }
      }
      break;

    case TYPE_UUID:
      if (reader->len - reader->pos < 16)
        break;
      {
        const guint8 *b = reader->data + reader->pos;

        token->uuid = g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                                       "%02x%02x%02x%02x%02x%02x",
                                       b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8],
                                       b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
        reader->pos += 16;
        problem = NULL;
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (problem != NULL)
    return malformed (error, "the %s's %s %s", spec->name, slots[slot].name, problem);
  return TRUE;
}

static const char *
tag_name (guint8 tag,
          char   buffer[8])
{
  if (g_ascii_isgraph (tag))
    g_snprintf (buffer, 8, "'%c'", tag);
  else
    g_snprintf (buffer, 8, "0x%02x", tag);
  return buffer;
}

static gboolean
decode_fields (KioskToken   *token,
               const guint8 *data,
               gsize         len,
               GError      **error)
{
  const KindSpec *spec = token->spec;
  Reader reader = { data, len, 0 };
  guint next = 0;  /* the spec's next expected field */
  int last_tag = -1;
  char name[8];

  while (reader.pos < reader.len)
    {
      guint8 tag = data[reader.pos++];
      guint i;

      if (tag == last_tag)
        return malformed (error, "the %s has field %s twice", spec->name, tag_name (tag, name));
      if (tag < last_tag)
        return malformed (error, "the %s's fields are out of order at %s", spec->name,
                          tag_name (tag, name));
      for (i = 0; i < spec->n_fields && spec->fields[i].tag != tag; i++)
        ;
      if (i == spec->n_fields)
        return malformed (error, "a %s has no field %s", spec->name, tag_name (tag, name));
      if (i != next)
        return malformed (error, "the %s has no %s", spec->name,
                          slots[spec->fields[next].slot].name);
      if (!read_field (token, &reader, spec->fields[i].slot, error))
        return FALSE;
      last_tag = tag;
      next++;
    }
  if (next != spec->n_fields)
    return malformed (error, "the %s has no %s", spec->name,
                      slots[spec->fields[next].slot].name);

  token->fields = (KioskTokenFields) {
    .fine_numbers = (const char * const *) token->fine_numbers,
    .plate = token->plate,
    .number = token->number,
    .subject = token->subject,
    .expiry_date = token->expiry_date,
    .reference = token->reference,
    .uuid = token->uuid,
    .service = token->service,
    .amount = token->fields.amount,
    .time = token->fields.time,
    .expires_at = token->fields.expires_at,
  };
  if (token->reference != NULL)
    token->kiosk_code = reference_kiosk_code (token->reference);
  return TRUE;
}

/* Splits off the next "."-separated part; FALSE when there is none. */
static gboolean
next_part (const char **cursor,
           const char  *end,
           const char **out_start,
           gsize       *out_len)
{
  const char *dot;

  if (*cursor == NULL)
    return FALSE;
  dot = memchr (*cursor, '.', (gsize) (end - *cursor));
  *out_start = *cursor;
  *out_len = (gsize) ((dot ? dot : end) - *cursor);
  *cursor = dot ? dot + 1 : NULL;
  return TRUE;
}

KioskToken *
kiosk_token_parse (const char *text,
                   gssize      length,
                   GError    **error)
{
  g_autoptr(KioskToken) token = NULL;
  guint8 fields[MAX_FIELD_BYTES];
  guint8 key_id[KEY_ID_BYTES];
  const char *cursor, *end, *part = NULL;
  gsize len, part_len = 0, fields_len = 0, signature_len = 0;
  guint version = 0;

  g_return_val_if_fail (text != NULL, NULL);

  /* The length first: nothing else looks at an oversized input. */
  len = length < 0 ? strnlen (text, KIOSK_TOKEN_MAX_LENGTH + 1) : (gsize) length;
  if (len > KIOSK_TOKEN_MAX_LENGTH)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_TOO_LONG,
                   "This code is longer than any Muscat Municipality code (%d characters "
                   "at most)", KIOSK_TOKEN_MAX_LENGTH);
      return NULL;
    }
  if (memchr (text, '\0', len) != NULL)
    {
      malformed (error, "it has a NUL byte");
      return NULL;
    }
  end = text + len;

  /* "MK" and a version number without leading zeros. */
  if (len < 3 || memcmp (text, PREFIX, 2) != 0 || !g_ascii_isdigit (text[2]))
    {
      malformed (error, "it does not start with \"" PREFIX "\" and a version");
      return NULL;
    }
  for (cursor = text + 2; cursor < end && g_ascii_isdigit (*cursor); cursor++)
    {
      if (cursor - text > 5 || (cursor > text + 2 && version == 0))
        {
          malformed (error, "its version number is not well formed");
          return NULL;
        }
      version = version * 10 + (guint) (*cursor - '0');
    }
  if (version != VERSION)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_VERSION,
                   "This code is version %u of the format; this kiosk reads version %d",
                   version, VERSION);
      return NULL;
    }
  if (cursor == end || *cursor != '.')
    {
      malformed (error, "the version is not followed by \".\"");
      return NULL;
    }
  cursor++;

  token = g_new0 (KioskToken, 1);

  if (!next_part (&cursor, end, &part, &part_len) ||
      (token->spec = spec_for_code (part, part_len)) == NULL)
    {
      malformed (error, "it is not of a known kind");
      return NULL;
    }

  if (!next_part (&cursor, end, &part, &part_len) || part_len == 0 ||
      !kiosk_base64url_decode (part, part_len, fields, sizeof fields, &fields_len) ||
      fields_len == 0)
    {
      malformed (error, "its fields are not base64url of 1 to %d bytes", MAX_FIELD_BYTES);
      return NULL;
    }

  if (!next_part (&cursor, end, &part, &part_len) || part_len != KIOSK_KEY_ID_LENGTH ||
      !kiosk_base64url_decode (part, part_len, key_id, sizeof key_id, NULL))
    {
      malformed (error, "its key id is not %d base64url characters", KIOSK_KEY_ID_LENGTH);
      return NULL;
    }
  memcpy (token->key_id, part, KIOSK_KEY_ID_LENGTH);
  token->signed_len = (gsize) (part + part_len - text);

  if (!next_part (&cursor, end, &part, &part_len) || cursor != NULL ||
      !kiosk_base64url_decode (part, part_len, token->signature, sizeof token->signature,
                               &signature_len) ||
      signature_len != KIOSK_KEY_SIGNATURE_BYTES)
    {
      malformed (error, "it does not end with a signature of %d base64url characters",
                 (KIOSK_KEY_SIGNATURE_BYTES * 4 + 2) / 3);
      return NULL;
    }

  if (!decode_fields (token, fields, fields_len, error))
    return NULL;

  token->text = g_strndup (text, len);
  return g_steal_pointer (&token);
}

char *
kiosk_token_reencode (const KioskToken *token)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (token != NULL, NULL);

  if (!encode_fields (token->spec, &token->fields, data, NULL))
    return NULL;
  text = signed_part (token->spec->code, data->data, data->len, token->key_id);
  append_signature (text, token->signature);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Verification -------------------------------------------------------------------------- */

/* A moment as people in Muscat read it (UTC+4, no daylight saving). */
static char *
format_time (gint64 unix_time)
{
  g_autoptr(GTimeZone) muscat = g_time_zone_new_offset (4 * 3600);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, muscat) : NULL;

  if (local == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, unix_time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static gboolean
check_trust (const KioskToken     *token,
             const KioskPublicKey *key,
             gint64                now,
             GError              **error)
{
  const KindSpec *spec = token->spec;

  /* The kiosk's own keys have no window: a retired one still vouches for what it signed. */
  if (!key->own && now < key->valid_from)
    {
      g_autofree char *from = format_time (key->valid_from);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_KEY_NOT_VALID,
                   "Signed with key %s, which is valid only from %s", token->key_id, from);
      return FALSE;
    }
  if (!key->own && key->valid_until != 0 && now >= key->valid_until)
    {
      g_autofree char *until = format_time (key->valid_until);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_KEY_NOT_VALID,
                   "Signed with key %s, which stopped being valid on %s", token->key_id, until);
      return FALSE;
    }

  /* A kiosk's key must not be able to issue fines, nor one kiosk's receipts for another. */
  if (spec->from_server)
    {
      if (key->own || g_strcmp0 (key->owner, KIOSK_KEY_OWNER_SERVER) != 0)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_KEY_NOT_VALID,
                       "A %s comes from the municipality's server, but key %s belongs to %s",
                       spec->name, token->key_id, key->owner);
          return FALSE;
        }
    }
  else if (!key->own)
    {
      g_autofree char *issuer = g_strconcat (KIOSK_KEY_OWNER_KIOSK_PREFIX, token->kiosk_code,
                                             NULL);
      if (g_strcmp0 (key->owner, issuer) != 0)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_KEY_NOT_VALID,
                       "A %s of kiosk %s is signed by that kiosk, but key %s belongs to %s",
                       spec->name, token->kiosk_code, token->key_id, key->owner);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
describe_kinds (KioskTokenKind accept)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (accept & kinds[i].kind)
      {
        if (names->len > 0)
          g_string_append (names, " or ");
        g_string_append_printf (names, "a %s", kinds[i].name);
      }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

gboolean
kiosk_token_verify (KioskStore      *store,
                    const char      *text,
                    gssize           length,
                    KioskTokenKind   accept,
                    KioskToken     **out_token,
                    GError         **error)
{
  g_autoptr(KioskToken) token = NULL;
  g_auto(KioskPublicKey) key = { { 0 } };
  gint64 now;

  g_return_val_if_fail (store != NULL && text != NULL, FALSE);
  g_return_val_if_fail ((accept & KIOSK_TOKEN_ANY) != 0, FALSE);
  g_return_val_if_fail (out_token == NULL || *out_token == NULL, FALSE);

  token = kiosk_token_parse (text, length, error);
  if (token == NULL || !kiosk_keys_lookup (store, token->key_id, &key, error))
    return FALSE;

  if (!kiosk_key_verify (key.public_key, (const guint8 *) token->text, token->signed_len,
                         token->signature))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_BAD_SIGNATURE,
                   "The signature does not match: this code was altered or forged");
      return FALSE;
    }

  now = kiosk_store_now (store);
  if (!check_trust (token, &key, now, error))
    return FALSE;

  /* Only a genuine code is named for what it is. */
  if ((token->spec->kind & accept) == 0)
    {
      g_autofree char *wanted = describe_kinds (accept);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_WRONG_KIND,
                   "This is a %s, not %s", token->spec->name, wanted);
      return FALSE;
    }

  if (token->spec->kind == KIOSK_TOKEN_COUNTER_VOUCHER && now >= token->fields.expires_at)
    {
      g_autofree char *expired = format_time (token->fields.expires_at);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOKEN_EXPIRED,
                   "This voucher expired at %s", expired);
      return FALSE;
    }

  token->signer = g_steal_pointer (&key.owner);
  token->own = key.own;
  if (out_token != NULL)
    *out_token = g_steal_pointer (&token);
  return TRUE;
}

/* Accessors ----------------------------------------------------------------------------- */

KioskTokenKind
kiosk_token_get_kind (const KioskToken *token)
{
  return token->spec->kind;
}

const KioskTokenFields *
kiosk_token_get_fields (const KioskToken *token)
{
  return &token->fields;
}

const char *
kiosk_token_get_kiosk_code (const KioskToken *token)
{
  return token->kiosk_code;
}

const char *
kiosk_token_get_key_id (const KioskToken *token)
{
  return token->key_id;
}

const char *
kiosk_token_get_signer (const KioskToken *token)
{
  return token->signer;
}

gboolean
kiosk_token_is_own (const KioskToken *token)
{
  return token->own;
}

const char *
kiosk_token_get_text (const KioskToken *token)
{
  return token->text;
}
