/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The console's words (see the header). Arabic first, as on the page. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-console-text.h"

static const char * const texts[N_CONSOLE_TEXTS][2] = {
  [T_CONSOLE_TITLE]      = { "بلدية مسقط — متابعة البلاغات", "Muscat Municipality — Reports" },
  [T_OTHER_LANGUAGE]     = { "English", "العربية" },
  [T_SIGN_IN]            = { "تسجيل الدخول", "Sign in" },
  [T_SIGN_OUT]           = { "تسجيل الخروج", "Sign out" },
  [T_USERNAME]           = { "اسم المستخدم", "Username" },
  [T_PASSWORD]           = { "كلمة المرور", "Password" },
  [T_WRONG_PASSWORD]     = { "اسم المستخدم أو كلمة المرور غير صحيحة.",
                             "Wrong username or password." },
  [T_LOCKED_OUT]         = { "تم إيقاف الحساب مؤقتًا بعد محاولات خاطئة متكررة. حاول بعد 15 دقيقة.",
                             "Too many wrong passwords: this account is locked for 15 minutes." },
  [T_FORM_EXPIRED]       = { "انتهت صلاحية النموذج. أعد المحاولة.",
                             "This form has expired. Please try again." },
  [T_REPORTS]            = { "البلاغات", "Reports" },
  [T_FILTER]             = { "تصفية", "Filter" },
  [T_CLEAR]              = { "مسح", "Clear" },
  [T_ANY]                = { "الكل", "Any" },
  [T_STATUS]             = { "الحالة", "Status" },
  [T_CATEGORY]           = { "الفئة", "Category" },
  [T_PRIORITY]           = { "الأولوية", "Priority" },
  [T_WILAYAT]            = { "الولاية", "Wilayat" },
  [T_AREA]               = { "المنطقة", "Area" },
  [T_KIOSK]              = { "الجهاز", "Kiosk" },
  [T_AGE]                = { "العمر", "Age" },
  [T_AGE_DAY]            = { "آخر يوم", "Last day" },
  [T_AGE_WEEK]           = { "آخر أسبوع", "Last week" },
  [T_AGE_MONTH]          = { "آخر 30 يومًا", "Last 30 days" },
  [T_AGE_QUARTER]        = { "آخر 90 يومًا", "Last 90 days" },
  [T_REFERENCE]          = { "رقم المتابعة", "Tracking number" },
  [T_FILED]              = { "تاريخ التقديم", "Filed" },
  [T_NO_REPORTS]         = { "لا توجد بلاغات بهذه الشروط.", "No reports match." },
  [T_PAGE_OF]            = { "صفحة", "Page" },
  [T_TOTAL]            = { "عدد البلاغات:", "Reports:" },
  [T_PREVIOUS]           = { "السابق", "Previous" },
  [T_NEXT]               = { "التالي", "Next" },
  [T_DETAILS]            = { "التفاصيل", "Details" },
  [T_DESCRIPTION]        = { "الوصف", "Description" },
  [T_LANDMARK]           = { "علامة مميزة", "Landmark" },
  [T_POSITION]           = { "الموقع", "Position" },
  [T_SOURCE]             = { "المصدر", "Source" },
  [T_PHOTOS]             = { "الصور", "Photos" },
  [T_NO_PHOTOS]          = { "لا توجد صور.", "No photos." },
  [T_ADDITIONS]          = { "إضافات المواطنين (سبق الإبلاغ؟)",
                             "Citizens' additions (already reported?)" },
  [T_NO_ADDITIONS]       = { "لا توجد إضافات.", "No additions." },
  [T_HISTORY]            = { "سجل الحالة", "History" },
  [T_CHANGE_STATUS]      = { "تغيير الحالة", "Change the status" },
  [T_NEW_STATUS]         = { "الحالة الجديدة", "New status" },
  [T_NOTE_AR]            = { "ملاحظة بالعربية", "Note in Arabic" },
  [T_NOTE_EN]            = { "ملاحظة بالإنجليزية", "Note in English" },
  [T_SAVE]               = { "حفظ", "Save" },
  [T_NOTE_NEEDED]        = { "أضف ملاحظة بالعربية أو بالإنجليزية عند الحل أو الرفض.",
                             "Resolving or rejecting needs a note in Arabic or English." },
  [T_NO_CHANGE_ALLOWED]  = { "لا يمكن الانتقال إلى هذه الحالة من الحالة الحالية.",
                             "The report cannot move to that status from its current one." },
  [T_STATUS_CONFLICT]    = { "غيّر شخص آخر حالة البلاغ للتو. راجعها ثم أعد المحاولة.",
                             "Someone else just changed this report. Check it and try again." },
  [T_NOT_FOUND]          = { "لا يوجد بلاغ بهذا الرقم.", "There is no such report." },
  [T_MINUTES]            = { "د", "min" },
  [T_HOURS]              = { "س", "h" },
  [T_DAYS]               = { "يوم", "d" },
  [T_STATUS_RECEIVED]    = { "مستلم", "Received" },
  [T_STATUS_ASSIGNED]    = { "مُسند", "Assigned" },
  [T_STATUS_IN_PROGRESS] = { "قيد التنفيذ", "In progress" },
  [T_STATUS_RESOLVED]    = { "تم الحل", "Resolved" },
  [T_STATUS_CLOSED]      = { "مغلق", "Closed" },
  [T_STATUS_REJECTED]    = { "مرفوض", "Rejected" },
  [T_PRIORITY_HIGH]      = { "عاجل", "High" },
  [T_PRIORITY_MEDIUM]    = { "متوسط", "Medium" },
  [T_PRIORITY_LOW]       = { "منخفض", "Low" },
  [T_ROLE_OFFICER]       = { "موظف", "Officer" },
  [T_ROLE_SUPERVISOR]    = { "مشرف", "Supervisor" },
  [T_BAD_NOTE]           = { "الملاحظة طويلة جدًا أو تحتوي على رموز غير مسموحة.",
                             "The note is too long or has characters that are not allowed." },
  [T_REFUNDS]            = { "حالات الاسترداد", "Refund cases" },
  [T_REFUND_CASE]        = { "رقم الحالة", "Case" },
  [T_FINE_NUMBER]        = { "رقم المخالفة", "Fine number" },
  [T_AMOUNT]             = { "المبلغ", "Amount" },
  [T_OPENED]             = { "تاريخ الفتح", "Opened" },
  [T_RESOLVE_REFUND]     = { "تم الاسترداد", "Mark refunded" },
  [T_REFUND_SETTLED]     = { "تمت التسوية", "Settled" },
  [T_NO_REFUNDS]         = { "لا توجد حالات استرداد.", "No refund cases." },
  [T_SUPERVISORS_ONLY]   = { "هذا الإجراء للمشرفين فقط.", "Only a supervisor may do this." },
  [T_KIOSKS]             = { "الأجهزة", "Kiosks" },
  [T_LAST_RECORD]        = { "آخر سجل مستلم", "Last record received" },
  [T_ACCEPTED]           = { "مقبولة", "Accepted" },
  [T_REJECTED_RECORDS]   = { "السجلات المرفوضة", "Rejected records" },
  [T_KIND]               = { "النوع", "Kind" },
  [T_REASON]             = { "السبب", "Reason" },
  [T_NO_REJECTED]        = { "لا توجد سجلات مرفوضة.", "No rejected records." },
  [T_ENABLED]            = { "يعمل", "Enabled" },
  [T_DISABLED]           = { "موقوف", "Disabled" },
  [T_NEVER]              = { "لم يتصل بعد", "Never" },
  [T_NOTE]               = { "ملاحظة", "Note" },
  [T_OMR]                = { "ر.ع.", "OMR" },
  [T_LAST_SYNC]          = { "آخر مزامنة", "Last sync" },
  [T_QUEUE_DEPTH]        = { "في الانتظار", "Queue depth" },
  [T_PARKED]             = { "موقوفة للمراجعة", "Parked" },
  [T_AGENT_VERSION]      = { "إصدار المزامنة", "Agent version" },
  [T_NOT_REPORTED]       = { "لم يُبلّغ", "Not reported" },
};

static const struct
{
  const char  *word;
  ConsoleText  text;
} words[] = {
  { "received", T_STATUS_RECEIVED },
  { "assigned", T_STATUS_ASSIGNED },
  { "in_progress", T_STATUS_IN_PROGRESS },
  { "resolved", T_STATUS_RESOLVED },
  { "closed", T_STATUS_CLOSED },
  { "rejected", T_STATUS_REJECTED },
  { "HIGH", T_PRIORITY_HIGH },
  { "MEDIUM", T_PRIORITY_MEDIUM },
  { "LOW", T_PRIORITY_LOW },
  { "officer", T_ROLE_OFFICER },
  { "supervisor", T_ROLE_SUPERVISOR },
};

const char *
kiosk_central_console_text (ConsoleText text,
                            ConsoleLang lang)
{
  g_return_val_if_fail (text < N_CONSOLE_TEXTS, "");
  return texts[text][lang == CONSOLE_LANG_EN ? 1 : 0];
}

const char *
kiosk_central_console_word (const char  *word,
                            ConsoleLang  lang)
{
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (words[i].word, word) == 0)
      return kiosk_central_console_text (words[i].text, lang);
  return word;
}
