<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AgreementWindow</name>
    <message>
        <location filename="../../app/ui/agreement_window.py" line="136"/>
        <source>Agreement — {0} vs {1}</source>
        <translation>الاتفاق — {0} مقابل {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/agreement_window.py" line="140"/>
        <source>overall</source>
        <translation>الإجمالي</translation>
    </message>
    <message>
        <location filename="../../app/ui/agreement_window.py" line="157"/>
        <source>{0} document(s) · agreements {1} · same span other label {2} · different boundaries {3} · only A {4} · only B {5} · {6} tokens</source>
        <translation>{0} وثيقة · اتفاقات {1} · المقطع نفسه بوسم آخر {2} · حدود مختلفة {3} · عند أ فقط {4} · عند ب فقط {5} · {6} وحدة</translation>
    </message>
    <message>
        <location filename="../../app/ui/agreement_window.py" line="168"/>
        <source>Export CSV…</source>
        <translation>تصدير CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/agreement_window.py" line="169"/>
        <source>Export JSON…</source>
        <translation>تصدير JSON…</translation>
    </message>
    <message>
        <location filename="../../app/ui/agreement_window.py" line="188"/>
        <source>Export the report</source>
        <translation>تصدير التقرير</translation>
    </message>
    <message>
        <location filename="../../app/ui/agreement_window.py" line="196"/>
        <source>Export failed</source>
        <translation>تعذّر التصدير</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <location filename="../../app/ui/command_table.py" line="53"/>
        <location filename="../../app/ui/command_table.py" line="58"/>
        <source>Open a document first</source>
        <translation>افتح وثيقة أولًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="60"/>
        <source>Select a span first (click it, or Tab to it)</source>
        <translation>حدّد مقطعًا أولًا (انقر عليه أو انتقل إليه بمفتاح Tab)</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="65"/>
        <source>Select a span first: its text is searched</source>
        <translation>حدّد مقطعًا أولًا: يُبحث عن نصّه</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="69"/>
        <source>File</source>
        <translation>ملف</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="70"/>
        <source>Edit</source>
        <translation>تحرير</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="71"/>
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="72"/>
        <source>Navigate</source>
        <translation>تنقّل</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="73"/>
        <source>Review</source>
        <translation>المراجعة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="74"/>
        <source>View</source>
        <translation>عرض</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="75"/>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="76"/>
        <source>Help</source>
        <translation>مساعدة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="81"/>
        <source>Import text files…</source>
        <translation>استيراد ملفات نصية…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="82"/>
        <source>Import text files (UTF-8; other encodings Hamish recognises on request)</source>
        <translation>استيراد ملفات نصية (UTF-8، وترميزات أخرى يتعرّفها هامش عند الطلب)</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="83"/>
        <source>Import corpus…</source>
        <translation>استيراد مدوّنة…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="84"/>
        <source>Import a corpus in any format, mapping its labels</source>
        <translation>استيراد مدوّنة بأي صيغة مع مطابقة وسومها</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="85"/>
        <source>Merge annotations from…</source>
        <translation>دمج وسوم من…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="86"/>
        <source>Add another annotator&apos;s layers from a Hamish project or JSONL export</source>
        <translation>إضافة طبقات موسِم آخر من مشروع هامش أو من تصدير JSONL</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="87"/>
        <source>Export JSONL…</source>
        <translation>تصدير JSONL…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="88"/>
        <source>Export the documents and your spans as Hamish JSONL</source>
        <translation>تصدير الوثائق ووسومك بصيغة JSONL الخاصة بهامش</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="89"/>
        <source>Export…</source>
        <translation>تصدير…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="90"/>
        <source>Export in any format (CoNLL, spaCy-ready, brat…), with a split</source>
        <translation>التصدير بأي صيغة (CoNLL، جاهزة لـ spaCy، brat…) مع التقسيم</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="91"/>
        <source>Back up now</source>
        <translation>نسخ احتياطي الآن</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="92"/>
        <source>Restore from backup…</source>
        <translation>استعادة من نسخة احتياطية…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="93"/>
        <source>Save a copy of the open project…</source>
        <translation>حفظ نسخة من المشروع المفتوح…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="94"/>
        <source>Reload from the database</source>
        <translation>إعادة التحميل من قاعدة البيانات</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="95"/>
        <source>Show what the database holds now (another Hamish&apos;s changes)</source>
        <translation>عرض ما في قاعدة البيانات الآن (تغييرات نسخة أخرى من هامش)</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="96"/>
        <source>Switch annotator…</source>
        <translation>تبديل الموسِم…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="98"/>
        <source>Preferences…</source>
        <translation>التفضيلات…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="99"/>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="101"/>
        <source>Undo</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="102"/>
        <source>Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="103"/>
        <source>Delete span</source>
        <translation>حذف المقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="104"/>
        <source>Delete the selected span</source>
        <translation>حذف المقطع المحدد</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="105"/>
        <source>Clear selection</source>
        <translation>إلغاء التحديد</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="106"/>
        <source>Span start earlier</source>
        <translation>تقديم بداية المقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="107"/>
        <source>Selected span: move its start one word earlier</source>
        <translation>المقطع المحدد: تقديم بدايته كلمة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="108"/>
        <source>Span start later</source>
        <translation>تأخير بداية المقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="109"/>
        <source>Selected span: move its start one word later</source>
        <translation>المقطع المحدد: تأخير بدايته كلمة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="110"/>
        <source>Span end later</source>
        <translation>تأخير نهاية المقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="111"/>
        <source>Selected span: move its end one word later</source>
        <translation>المقطع المحدد: تأخير نهايته كلمة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="112"/>
        <source>Span end earlier</source>
        <translation>تقديم نهاية المقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="113"/>
        <source>Selected span: move its end one word earlier</source>
        <translation>المقطع المحدد: تقديم نهايته كلمة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="114"/>
        <source>Span start one character earlier</source>
        <translation>تقديم بداية المقطع حرفًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="116"/>
        <source>Selected span: move its start one character earlier</source>
        <translation>المقطع المحدد: تقديم بدايته حرفًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="117"/>
        <source>Span start one character later</source>
        <translation>تأخير بداية المقطع حرفًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="119"/>
        <source>Selected span: move its start one character later</source>
        <translation>المقطع المحدد: تأخير بدايته حرفًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="120"/>
        <source>Span end one character later</source>
        <translation>تأخير نهاية المقطع حرفًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="122"/>
        <source>Selected span: move its end one character later</source>
        <translation>المقطع المحدد: تأخير نهايته حرفًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="123"/>
        <source>Span end one character earlier</source>
        <translation>تقديم نهاية المقطع حرفًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="125"/>
        <source>Selected span: move its end one character earlier</source>
        <translation>المقطع المحدد: تقديم نهايته حرفًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="126"/>
        <source>Trim proclitics</source>
        <translation>حذف السوابق</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="127"/>
        <source>Selected span: drop leading proclitics (و ف ب ل ك …)</source>
        <translation>المقطع المحدد: حذف السوابق الملتصقة (و ف ب ل ك …)</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="128"/>
        <source>Label all occurrences…</source>
        <translation>وسم كل المواضع…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="129"/>
        <source>Label all occurrences of the selected span&apos;s text…</source>
        <translation>وسم كل مواضع نص المقطع المحدد…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="130"/>
        <source>Find…</source>
        <translation>بحث…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="131"/>
        <source>Find (diacritics-insensitive) in the document or the project</source>
        <translation>البحث (دون اعتبار التشكيل) في الوثيقة أو المشروع</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="131"/>
        <location filename="../../app/ui/command_table.py" line="134"/>
        <location filename="../../app/ui/command_table.py" line="136"/>
        <source>Search</source>
        <translation>البحث</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="133"/>
        <source>Next hit</source>
        <translation>النتيجة التالية</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="135"/>
        <source>Previous hit</source>
        <translation>النتيجة السابقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="138"/>
        <source>Sticky label mode</source>
        <translation>الوسم الثابت</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="139"/>
        <source>Sticky label mode on/off: every mouse selection is labelled on release</source>
        <translation>تشغيل الوسم الثابت أو إيقافه: يُوسم كل تحديد بالفأرة عند الإفلات</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="141"/>
        <source>Edit labels…</source>
        <translation>تحرير الوسوم…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="143"/>
        <source>Next span</source>
        <translation>المقطع التالي</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="144"/>
        <source>Select the next span (reading order)</source>
        <translation>تحديد المقطع التالي (بترتيب القراءة)</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="145"/>
        <source>Previous span</source>
        <translation>المقطع السابق</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="146"/>
        <source>Select the previous span</source>
        <translation>تحديد المقطع السابق</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="147"/>
        <source>Next unlabelled sentence</source>
        <translation>الجملة التالية غير الموسومة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="149"/>
        <source>Go to the next sentence without any span and select its first word</source>
        <translation>الانتقال إلى الجملة التالية الخالية من المقاطع وتحديد كلمتها الأولى</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="150"/>
        <source>Mark document done</source>
        <translation>تعليم الوثيقة منجزة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="151"/>
        <source>Mark the document done (again: back to in progress)</source>
        <translation>تعليم الوثيقة منجزة (مرة أخرى: إعادتها قيد العمل)</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="152"/>
        <source>Next unfinished document</source>
        <translation>الوثيقة التالية غير المنجزة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="153"/>
        <source>Open the next unfinished document</source>
        <translation>فتح الوثيقة التالية غير المنجزة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="155"/>
        <source>Review this document…</source>
        <translation>مراجعة هذه الوثيقة…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="156"/>
        <source>Compare two annotators&apos; layers and adjudicate gold</source>
        <translation>مقارنة طبقتي موسِمَين والفصل في الطبقة المعتمدة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="157"/>
        <source>Agreement report…</source>
        <translation>تقرير الاتفاق…</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="159"/>
        <source>Zoom in</source>
        <translation>تكبير</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="160"/>
        <source>Zoom out</source>
        <translation>تصغير</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="161"/>
        <source>Reset zoom</source>
        <translation>الحجم الأصلي</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="162"/>
        <source>Dark theme</source>
        <translation>السمة الداكنة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="170"/>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="171"/>
        <source>This sheet</source>
        <translation>هذه القائمة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="172"/>
        <source>About Hamish</source>
        <translation>عن هامش</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="179"/>
        <source>Extend the selection by a character, in reading order (← goes forward in Arabic)</source>
        <translation>توسيع التحديد حرفًا بترتيب القراءة (← يتقدّم في العربية)</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="180"/>
        <source>Move the caret by a word (camel-tools tokens), in reading order</source>
        <translation>تحريك المؤشر كلمةً (وحدات camel-tools) بترتيب القراءة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="181"/>
        <source>Extend the selection by a word</source>
        <translation>توسيع التحديد كلمة</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="185"/>
        <source>Double-click, drag</source>
        <translation>نقر مزدوج، سحب</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="185"/>
        <source>Select a word, a range</source>
        <translation>تحديد كلمة، أو مدى</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="186"/>
        <source>Drag a selected span&apos;s edge</source>
        <translation>سحب طرف المقطع المحدد</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="186"/>
        <source>Resize it (snaps to words; hold Alt for characters)</source>
        <translation>تغيير حدوده (بالكلمات؛ مع Alt بالأحرف)</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="187"/>
        <source>Right-click a span</source>
        <translation>نقر بالزر الأيمن على مقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/command_table.py" line="187"/>
        <source>Relabel, delete, trim, label all occurrences</source>
        <translation>تغيير الوسم، الحذف، حذف السوابق، وسم كل المواضع</translation>
    </message>
</context>
<context>
    <name>DocumentPanel</name>
    <message>
        <location filename="../../app/ui/document_list.py" line="311"/>
        <source>Filter by title or text…</source>
        <translation>تصفية بالعنوان أو النص…</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="312"/>
        <source>All</source>
        <translation>الكل</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="312"/>
        <source>New</source>
        <translation>جديدة</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="312"/>
        <source>In progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="312"/>
        <source>Done</source>
        <translation>منجزة</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="312"/>
        <source>Reviewed</source>
        <translation>مُراجَعة</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="313"/>
        <source>Unfinished</source>
        <translation>غير منجزة</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="306"/>
        <source>{0} of {1} documents done</source>
        <translation>أُنجزت {0} من {1} وثيقة</translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <location filename="../../app/ui/document_list.py" line="48"/>
        <source>new</source>
        <translation>جديدة</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="49"/>
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="50"/>
        <source>done</source>
        <translation>منجزة</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="51"/>
        <source>reviewed</source>
        <translation>مُراجَعة</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="67"/>
        <source>Document</source>
        <translation>الوثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="67"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="78"/>
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="79"/>
        <source>Time</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_list.py" line="137"/>
        <source>{0} · document {1} · {2} characters · {3} · {4} active</source>
        <translation>{0} · الوثيقة {1} · {2} حرفًا · {3} · {4} عمل فعلي</translation>
    </message>
</context>
<context>
    <name>DocumentView</name>
    <message>
        <location filename="../../app/ui/document_view.py" line="201"/>
        <source>{0} combining marks beyond {1} in a row shown as {2}</source>
        <translation>{0} علامة تشكيل بعد {1} متتالية تظهر بالرمز {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_view.py" line="204"/>
        <source>{0} line(s) over {1} characters shown in pieces</source>
        <translation>{0} سطر أطول من {1} حرف تُعرض مقسّمة</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_view.py" line="206"/>
        <source>Display only: {0}; the text and its offsets are unchanged</source>
        <translation>للعرض فقط: {0}؛ النص ومواضعه لم تتغير</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_view.py" line="206"/>
        <source>; </source>
        <translation>؛ </translation>
    </message>
    <message>
        <location filename="../../app/ui/document_view.py" line="215"/>
        <source>{0}: one of {1} combining marks in a row ({2}); beyond {3} they are shown as {4}</source>
        <translation>{0}: واحدة من {1} علامة تشكيل متتالية ({2})؛ ما بعد {3} منها يظهر بالرمز {4}</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_view.py" line="219"/>
        <source>{0} is shown as a line break: the line is over {1} characters and is shown in pieces</source>
        <translation>يظهر {0} فاصلَ سطر: السطر أطول من {1} حرف فيُعرض مقسّمًا</translation>
    </message>
</context>
<context>
    <name>DocumentsController</name>
    <message>
        <location filename="../../app/ui/controllers/documents.py" line="92"/>
        <source>Cannot open the document</source>
        <translation>تعذّر فتح الوثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/documents.py" line="132"/>
        <source>Marked done</source>
        <translation>عُلّمت منجزة</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/documents.py" line="132"/>
        <source>Back in progress</source>
        <translation>أُعيدت قيد العمل</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/documents.py" line="143"/>
        <source>No other unfinished document</source>
        <translation>لا وثيقة أخرى لم تُنجَز</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/documents.py" line="176"/>
        <source>Cannot read the database</source>
        <translation>تعذّرت قراءة قاعدة البيانات</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/documents.py" line="178"/>
        <source>Reloaded from the database</source>
        <translation>أعيد التحميل من قاعدة البيانات</translation>
    </message>
</context>
<context>
    <name>EditCommand</name>
    <message>
        <location filename="../../app/ui/commands.py" line="72"/>
        <source>{0}: “{1}”</source>
        <translation>{0}: «{1}»</translation>
    </message>
    <message>
        <location filename="../../app/ui/commands.py" line="74"/>
        <source>Accept {0} agreement(s)</source>
        <translation>قبول {0} من التوافقات</translation>
    </message>
    <message>
        <location filename="../../app/ui/commands.py" line="76"/>
        <source>Add {0} “{1}”</source>
        <translation>إضافة {0} «{1}»</translation>
    </message>
    <message>
        <location filename="../../app/ui/commands.py" line="78"/>
        <source>Delete {0} “{1}”</source>
        <translation>حذف {0} «{1}»</translation>
    </message>
    <message>
        <location filename="../../app/ui/commands.py" line="80"/>
        <source>Relabel as {0}</source>
        <translation>تغيير الوسم إلى {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/commands.py" line="82"/>
        <source>Resize span</source>
        <translation>تغيير حدود المقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/commands.py" line="87"/>
        <source>Accept A</source>
        <translation>قبول أ</translation>
    </message>
    <message>
        <location filename="../../app/ui/commands.py" line="88"/>
        <source>Accept B</source>
        <translation>قبول ب</translation>
    </message>
    <message>
        <location filename="../../app/ui/commands.py" line="89"/>
        <source>Accept both</source>
        <translation>قبول كليهما</translation>
    </message>
    <message>
        <location filename="../../app/ui/commands.py" line="90"/>
        <source>Reject both</source>
        <translation>رفض كليهما</translation>
    </message>
    <message>
        <location filename="../../app/ui/commands.py" line="91"/>
        <source>Gold</source>
        <translation>المعتمد</translation>
    </message>
</context>
<context>
    <name>EditorController</name>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="51"/>
        <source>Open a document first</source>
        <translation>افتح وثيقة أولًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="59"/>
        <location filename="../../app/ui/controllers/editor.py" line="69"/>
        <source>Already labelled as {0}</source>
        <translation>موسوم أصلًا بـ {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="72"/>
        <source>Select some text (or click a span) first</source>
        <translation>حدّد نصًّا (أو انقر مقطعًا) أولًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="115"/>
        <source>No proclitic to trim in “{0}”</source>
        <translation>لا سوابق لحذفها في «{0}»</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="150"/>
        <source>Nothing to undo</source>
        <translation>لا شيء للتراجع عنه</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="150"/>
        <source>Nothing to redo</source>
        <translation>لا شيء لإعادته</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="154"/>
        <source>Undone: {0}</source>
        <translation>تم التراجع: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="154"/>
        <source>Redone: {0}</source>
        <translation>أعيد: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="159"/>
        <source>Undo {0}</source>
        <translation>تراجع {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="160"/>
        <source>Redo {0}</source>
        <translation>إعادة {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="169"/>
        <source>Not saved</source>
        <translation>لم يُحفظ</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="171"/>
        <source>The last change could not be saved, so it was not made:

{0}

Everything shown is what the database holds. Undo history was cleared.</source>
        <translation>تعذّر حفظ التغيير الأخير، فلم يُطبَّق:

{0}

كل ما يظهر هو ما تحفظه قاعدة البيانات. مُسح سجل التراجع.</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="178"/>
        <source>The database cannot be read: {0}</source>
        <translation>تعذّرت قراءة قاعدة البيانات: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="266"/>
        <source>Sticky label mode off</source>
        <translation>أُوقف وضع الوسم الثابت</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="273"/>
        <location filename="../../app/ui/controllers/editor.py" line="274"/>
        <source>Sticky: {0}</source>
        <translation>ثابت: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="290"/>
        <source>No span in this document yet</source>
        <translation>لا مقاطع في هذه الوثيقة بعد</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="300"/>
        <source>Span {0} of {1}</source>
        <translation>المقطع {0} من {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="307"/>
        <source>No unlabelled sentence after this one</source>
        <translation>لا جملة غير موسومة بعد هذه</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="330"/>
        <source>The span is already there</source>
        <translation>الوسم في هذا الموضع أصلًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="362"/>
        <source>Relabel as</source>
        <translation>تغيير الوسم إلى</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="371"/>
        <source>Select enclosing {0}: {1}</source>
        <translation>تحديد المقطع المحيط {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/editor.py" line="375"/>
        <source>Label selection as</source>
        <translation>وسم التحديد بـ</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="286"/>
        <location filename="../../app/ui/corpus_dialogs.py" line="356"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="295"/>
        <source>Choose…</source>
        <translation>اختيار…</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="311"/>
        <source>only documents this annotator has worked on</source>
        <translation>الوثائق التي عمل عليها هذا الموسِم فقط</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="319"/>
        <source>expand to whole tokens</source>
        <translation>توسيعه إلى وحدات كاملة</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="320"/>
        <source>skip the span</source>
        <translation>ترك المقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="322"/>
        <source>keep the outermost</source>
        <translation>الإبقاء على الخارجي</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="323"/>
        <source>keep the innermost</source>
        <translation>الإبقاء على الداخلي</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="325"/>
        <source>the format&apos;s usual</source>
        <translation>المعتاد في الصيغة</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="327"/>
        <source>code points</source>
        <translation>نقاط الترميز</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="328"/>
        <source>Format</source>
        <translation>الصيغة</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="329"/>
        <source>Save to</source>
        <translation>الحفظ في</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="330"/>
        <source>Annotator&apos;s layer</source>
        <translation>طبقة الموسِم</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="331"/>
        <source>Documents with status</source>
        <translation>الوثائق ذات الحالة</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="333"/>
        <source>Train/dev/test split (by document)</source>
        <translation>تقسيم تدريب/تطوير/اختبار (بالوثيقة)</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="334"/>
        <source>Split seed</source>
        <translation>بذرة التقسيم</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="335"/>
        <source>Span not on token edges</source>
        <translation>مقطع لا يوافق حدود الوحدات</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="336"/>
        <source>Nested spans (flat formats)</source>
        <translation>المقاطع المتداخلة (الصيغ المسطحة)</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="337"/>
        <source>Offsets (doccano, Label Studio)</source>
        <translation>المواضع (doccano، Label Studio)</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="340"/>
        <source>Hamish label</source>
        <translation>وسم هامش</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="340"/>
        <source>Written as (empty: drop)</source>
        <translation>يُكتب باسم (فارغ: حذف)</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="366"/>
        <source>Export into folder</source>
        <translation>التصدير إلى مجلد</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="368"/>
        <source>Export to</source>
        <translation>التصدير إلى</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="384"/>
        <source>Choose where to save.</source>
        <translation>اختر مكان الحفظ.</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="387"/>
        <source>Exporting…</source>
        <translation>جارٍ التصدير…</translation>
    </message>
</context>
<context>
    <name>FindPanel</name>
    <message>
        <location filename="../../app/ui/find_panel.py" line="32"/>
        <source>diacritics</source>
        <translation>التشكيل</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="33"/>
        <source>tatweel</source>
        <translation>التطويل</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="107"/>
        <source>Find… (Enter: next, Shift+Enter: previous)</source>
        <translation>بحث… (Enter: التالي، Shift+Enter: السابق)</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="108"/>
        <source>This document</source>
        <translation>هذه الوثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="109"/>
        <source>Whole project</source>
        <translation>المشروع كله</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="110"/>
        <source>Previous hit ({0})</source>
        <translation>النتيجة السابقة ({0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="111"/>
        <source>Next hit ({0})</source>
        <translation>النتيجة التالية ({0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="112"/>
        <source>Ignore:</source>
        <translation>تجاهل:</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="115"/>
        <source>whole words</source>
        <translation>كلمات كاملة</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="116"/>
        <source>also after و ف ب ل ك ال</source>
        <translation>وبعد و ف ب ل ك ال أيضًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="117"/>
        <source>Document</source>
        <translation>الوثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="117"/>
        <source>Offset</source>
        <translation>الموضع</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="117"/>
        <source>Context</source>
        <translation>السياق</translation>
    </message>
    <message>
        <location filename="../../app/ui/find_panel.py" line="161"/>
        <source>{0} hit(s)</source>
        <translation>{0} نتيجة</translation>
    </message>
</context>
<context>
    <name>Hamish</name>
    <message>
        <location filename="../../app/ui/application.py" line="48"/>
        <source>Who is annotating?</source>
        <translation>من يوسم النص؟</translation>
    </message>
    <message>
        <location filename="../../app/ui/application.py" line="49"/>
        <source>Your name (your spans are kept in your own layer):</source>
        <translation>اسمك (تُحفظ مقاطعك في طبقتك الخاصة):</translation>
    </message>
    <message>
        <location filename="../../app/ui/application.py" line="86"/>
        <source>Hamish cannot open the project</source>
        <translation>تعذّر على هامش فتح المشروع</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="94"/>
        <location filename="../../app/ui/corpus_dialogs.py" line="151"/>
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="97"/>
        <source>Files</source>
        <translation>الملفات</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="103"/>
        <source>Add files…</source>
        <translation>إضافة ملفات…</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="105"/>
        <source>Add folder…</source>
        <translation>إضافة مجلد…</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="106"/>
        <source>Clear</source>
        <translation>مسح</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="121"/>
        <source>repair: I- after O starts an entity</source>
        <translation>إصلاح: I- بعد O يبدأ كيانًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="121"/>
        <source>repair: drop it</source>
        <translation>إصلاح: حذفه</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="122"/>
        <source>refuse the file</source>
        <translation>رفض الملف</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="127"/>
        <source>whole file</source>
        <translation>الملف كله</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="129"/>
        <source>the format&apos;s usual (doccano: UTF-16, Label Studio: code points)</source>
        <translation>المعتاد في الصيغة (doccano: UTF-16، Label Studio: نقاط الترميز)</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="130"/>
        <source>code points</source>
        <translation>نقاط الترميز</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="132"/>
        <source>import the valid records and write the rejected ones to a report</source>
        <translation>استيراد السجلات السليمة وكتابة المرفوضة في تقرير</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="133"/>
        <source>Format</source>
        <translation>الصيغة</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="134"/>
        <source>Annotator (whose layer)</source>
        <translation>الموسِم (صاحب الطبقة)</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="135"/>
        <source>Invalid IOB tags</source>
        <translation>وسوم IOB غير صالحة</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="136"/>
        <source>CoNLL sentences per document</source>
        <translation>جمل CoNLL في كل وثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="137"/>
        <source>Offsets in the file</source>
        <translation>المواضع في الملف</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="141"/>
        <source>Label in the file</source>
        <translation>الوسم في الملف</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="141"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="141"/>
        <source>Hamish label</source>
        <translation>وسم هامش</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="145"/>
        <source>Add files, then Check.</source>
        <translation>أضف الملفات ثم اضغط «فحص».</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="150"/>
        <source>Check</source>
        <translation>فحص</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="172"/>
        <source>Files to import</source>
        <translation>ملفات للاستيراد</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="175"/>
        <source>Folder to import</source>
        <translation>مجلد للاستيراد</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="228"/>
        <source>No files.</source>
        <translation>لا ملفات.</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="230"/>
        <source>Reading…</source>
        <translation>جارٍ القراءة…</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="245"/>
        <source>{0} document(s) ({1} already in the project), {2} span(s) read with {3} label(s): choose the Hamish label for each below (type a new name to create a label).</source>
        <translation>{0} وثيقة ({1} موجودة في المشروع)، قُرئ {2} مقطع بـ {3} وسم: اختر وسم هامش لكلٍّ منها أدناه (اكتب اسمًا جديدًا لإنشاء وسم).</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="250"/>
        <source>{0} record(s) have problems: tick the box above to import the others.</source>
        <translation>في {0} سجل مشكلات: أشّر على الخيار أعلاه لاستيراد البقية.</translation>
    </message>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="263"/>
        <source>Importing…</source>
        <translation>جارٍ الاستيراد…</translation>
    </message>
</context>
<context>
    <name>LabelAllDialog</name>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="55"/>
        <source>Label all occurrences</source>
        <translation>وسم كل المواضع</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="66"/>
        <source>This document</source>
        <translation>هذه الوثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="67"/>
        <source>Whole project</source>
        <translation>المشروع كله</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="68"/>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="70"/>
        <source>as</source>
        <translation>بوسم</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="75"/>
        <source>ignore diacritics, tatweel, alef/ya/ta marbuta forms</source>
        <translation>تجاهل التشكيل والتطويل وصور الألف والياء والتاء المربوطة</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="77"/>
        <source>whole words</source>
        <translation>كلمات كاملة</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="79"/>
        <source>also after و ف ب ل ك ال</source>
        <translation>وبعد و ف ب ل ك ال أيضًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="87"/>
        <source>Accept</source>
        <translation>قبول</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="87"/>
        <source>Document</source>
        <translation>الوثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="87"/>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="87"/>
        <source>Context</source>
        <translation>السياق</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="95"/>
        <source>Accept all new</source>
        <translation>قبول كل الجديد</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="96"/>
        <source>Accept checked</source>
        <translation>قبول المؤشَّر عليه</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="99"/>
        <source>Skip</source>
        <translation>تخطٍّ</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="140"/>
        <source>{0} new · {1} with another label (unchecked) · {2} skipped (already labelled or crossing a span) · {3} document(s)</source>
        <translation>{0} جديد · {1} بوسم آخر (غير مؤشَّر) · {2} متروك (موسوم أصلًا أو يتقاطع مع مقطع) · {3} وثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="151"/>
        <source>new</source>
        <translation>جديد</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="152"/>
        <source>relabel {0}</source>
        <translation>تغيير وسم {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="153"/>
        <source>already labelled</source>
        <translation>موسوم أصلًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_all_dialog.py" line="154"/>
        <source>crosses {0}</source>
        <translation>يتقاطع مع {0}</translation>
    </message>
</context>
<context>
    <name>LabelDialog</name>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="34"/>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="35"/>
        <source>Key</source>
        <translation>المفتاح</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="36"/>
        <source>Letter</source>
        <translation>الحرف</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="37"/>
        <source>Colour</source>
        <translation>اللون</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="38"/>
        <source>Shown in English</source>
        <translation>الاسم المعروض بالإنجليزية</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="39"/>
        <source>Shown in Arabic</source>
        <translation>الاسم المعروض بالعربية</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="40"/>
        <source>Description (English)</source>
        <translation>الوصف (بالإنجليزية)</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="42"/>
        <source>Examples (one per line)</source>
        <translation>أمثلة (مثال في كل سطر)</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="52"/>
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="56"/>
        <source>Names are what exports contain; the interface shows a label&apos;s name in its own language (&quot;Shown in …&quot;, the name when empty). Keys: a digit and a letter (the same physical keys work under an Arabic layout). Letters A D N S T U are taken by editor commands.</source>
        <translation>الأسماء هي ما تحويه ملفات التصدير؛ وتعرض الواجهة اسم الوسم بلغتها («الاسم المعروض …»، والاسم نفسه إن كان فارغًا). المفاتيح: رقم وحرف (تعمل المفاتيح نفسها مع لوحة المفاتيح العربية). الأحرف A D N S T U محجوزة لأوامر المحرر.</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="76"/>
        <source>Add label</source>
        <translation>إضافة وسم</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="77"/>
        <source>Delete label</source>
        <translation>حذف وسم</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="78"/>
        <source>Import label set…</source>
        <translation>استيراد مجموعة وسوم…</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="79"/>
        <source>Export label set…</source>
        <translation>تصدير مجموعة الوسوم…</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="156"/>
        <source>Label colour</source>
        <translation>لون الوسم</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="173"/>
        <source>Import a label set</source>
        <translation>استيراد مجموعة وسوم</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="194"/>
        <source>Export the label set</source>
        <translation>تصدير مجموعة الوسوم</translation>
    </message>
    <message>
        <location filename="../../app/ui/label_dialog.py" line="212"/>
        <source>Labels not saved</source>
        <translation>لم تُحفظ الوسوم</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="207"/>
        <source>Documents</source>
        <translation>الوثائق</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="208"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="209"/>
        <source>Guidelines</source>
        <translation>الإرشادات</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="210"/>
        <source>Find</source>
        <translation>البحث</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="405"/>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="268"/>
        <source>Label the selection as {0} ({1}; Alt+key: exact characters)</source>
        <translation>وسم التحديد بـ {0} ({1}؛ Alt+المفتاح: الأحرف كما هي)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="211"/>
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="329"/>
        <source>The interface is already in this language</source>
        <translation>الواجهة بهذه اللغة أصلًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="359"/>
        <source>Saved ✓ {0}</source>
        <translation>حُفظ ✓ {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="363"/>
        <source>{0} · no document</source>
        <translation>{0} · لا وثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="367"/>
        <source>{0} spans</source>
        <translation>{0} مقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="368"/>
        <source>offset {0}</source>
        <translation>الموضع {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="372"/>
        <source>selected {0}</source>
        <translation>المحدد {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="375"/>
        <source>span: {0} {1}</source>
        <translation>المقطع: {0} {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="340"/>
        <source>Text size {0} pt</source>
        <translation>حجم النص {0} نقطة</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="388"/>
        <source>Label the selection: {0}</source>
        <translation>وسم التحديد: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="388"/>
        <source>{0} / letters</source>
        <translation>{0} / الحروف</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="389"/>
        <source>Label the exact characters (no snapping)</source>
        <translation>وسم الأحرف المحددة كما هي (دون الضبط على الكلمات)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="389"/>
        <source>Alt + label key</source>
        <translation>Alt + مفتاح الوسم</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="390"/>
        <source>Sticky label mode with that label</source>
        <translation>الوسم الثابت بهذا الوسم</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="390"/>
        <source>Ctrl + digit</source>
        <translation>Ctrl + رقم</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="398"/>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="408"/>
        <source>Letter keys also work under an Arabic keyboard layout (same physical key: ح ق خ ث ب …, ١–٥).</source>
        <translation>تعمل مفاتيح الأحرف أيضًا مع لوحة المفاتيح العربية (المفتاح نفسه: ح ق خ ث ب …، ١–٥).</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="413"/>
        <source>Group</source>
        <translation>المجموعة</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="413"/>
        <source>Keys</source>
        <translation>المفاتيح</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="413"/>
        <source>Action</source>
        <translation>الأمر</translation>
    </message>
</context>
<context>
    <name>PairDialog</name>
    <message>
        <location filename="../../app/ui/pair_dialog.py" line="35"/>
        <source>Annotator A (reference)</source>
        <translation>الموسِم أ (المرجع)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pair_dialog.py" line="36"/>
        <source>Annotator B</source>
        <translation>الموسِم ب</translation>
    </message>
    <message>
        <location filename="../../app/ui/pair_dialog.py" line="49"/>
        <source>{0} ({1} document(s) in common)</source>
        <translation>{0} ({1} وثيقة مشتركة)</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../app/ui/preferences_dialog.py" line="23"/>
        <source>Preferences</source>
        <translation>التفضيلات</translation>
    </message>
    <message>
        <location filename="../../app/ui/preferences_dialog.py" line="29"/>
        <source>Interface language</source>
        <translation>لغة الواجهة</translation>
    </message>
    <message>
        <location filename="../../app/ui/preferences_dialog.py" line="31"/>
        <source>Light</source>
        <translation>فاتحة</translation>
    </message>
    <message>
        <location filename="../../app/ui/preferences_dialog.py" line="32"/>
        <source>Dark</source>
        <translation>داكنة</translation>
    </message>
    <message>
        <location filename="../../app/ui/preferences_dialog.py" line="34"/>
        <source>Theme</source>
        <translation>السمة</translation>
    </message>
    <message>
        <location filename="../../app/ui/preferences_dialog.py" line="35"/>
        <source>Drop leading proclitics (و ف ب ل ك …) when a span is created</source>
        <translation>حذف السوابق (و ف ب ل ك …) عند إنشاء المقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/preferences_dialog.py" line="40"/>
        <source> s</source>
        <translation> ث</translation>
    </message>
    <message>
        <location filename="../../app/ui/preferences_dialog.py" line="42"/>
        <source>Idle after (not counted as working time)</source>
        <translation>خمول بعد (لا يُحسب من وقت العمل)</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <location filename="../../app/ui/corpus_dialogs.py" line="60"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
</context>
<context>
    <name>ProjectController</name>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="40"/>
        <source>Import text files</source>
        <translation>استيراد ملفات نصية</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="40"/>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>ملفات نصية (*.txt);;كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="50"/>
        <location filename="../../app/ui/controllers/project.py" line="53"/>
        <location filename="../../app/ui/controllers/project.py" line="82"/>
        <location filename="../../app/ui/controllers/project.py" line="87"/>
        <source>Nothing was imported</source>
        <translation>لم يُستورد شيء</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="78"/>
        <source>{0}

Hamish recognises the encoding of every file. Import them converted from it? (The text is stored as Unicode; the encoding is recorded with each document.)</source>
        <translation>{0}

تعرّف هامش على ترميز كل ملف. أتستوردها محوَّلةً منه؟ (يُخزَّن النص بترميز يونيكود، ويُسجَّل الترميز الأصلي مع كل وثيقة.)</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="81"/>
        <source>Files not in UTF-8</source>
        <translation>ملفات ليست بترميز UTF-8</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="110"/>
        <source>Merge annotations from</source>
        <translation>دمج وسوم من</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="110"/>
        <source>Hamish projects and exports (*.db *.sqlite *.jsonl);;All files (*)</source>
        <translation>مشاريع هامش وملفاته المصدَّرة (*.db *.sqlite *.jsonl);;كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="120"/>
        <source>Merging…</source>
        <translation>جارٍ الدمج…</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="125"/>
        <source>Nothing was merged</source>
        <translation>لم يُدمج شيء</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="133"/>
        <source>Export JSONL</source>
        <translation>تصدير JSONL</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="133"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="144"/>
        <source>Export failed</source>
        <translation>تعذّر التصدير</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="144"/>
        <source>{0}

Nothing was written.</source>
        <translation>{0}

لم يُكتب شيء.</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="154"/>
        <source>Exported</source>
        <translation>صُدِّر</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="163"/>
        <source>Automatic backup failed: {0}</source>
        <translation>تعذّر النسخ الاحتياطي التلقائي: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="166"/>
        <location filename="../../app/ui/controllers/project.py" line="174"/>
        <source>Backed up to {0}</source>
        <translation>نُسخ احتياطيًّا إلى {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="172"/>
        <source>Backup failed</source>
        <translation>تعذّر النسخ الاحتياطي</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="181"/>
        <source>Restore</source>
        <translation>استعادة</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="184"/>
        <source>No backups yet</source>
        <translation>لا نسخ احتياطية بعد</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="187"/>
        <source>Restore from backup</source>
        <translation>استعادة من نسخة احتياطية</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="187"/>
        <source>Backup (the current state is backed up first):</source>
        <translation>النسخة الاحتياطية (تُنسخ الحالة الراهنة أولًا):</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="197"/>
        <source>Restore failed</source>
        <translation>تعذّرت الاستعادة</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="200"/>
        <source>Restored {0}; the previous state is in {1}</source>
        <translation>استُعيدت {0}؛ الحالة السابقة في {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="204"/>
        <source>Save a copy of the open project</source>
        <translation>حفظ نسخة من المشروع المفتوح</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="210"/>
        <source>Could not save a copy</source>
        <translation>تعذّر حفظ نسخة</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="212"/>
        <source>Saved a copy to {0}</source>
        <translation>حُفظت نسخة في {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="222"/>
        <source>Switch annotator</source>
        <translation>تبديل الموسِم</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="222"/>
        <source>Annotator&apos;s name (each annotator has their own layer):</source>
        <translation>اسم الموسِم (لكل موسِم طبقته الخاصة):</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="233"/>
        <source>Annotator not changed</source>
        <translation>لم يتغيّر الموسِم</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="237"/>
        <source>Working as {0}</source>
        <translation>تعمل باسم {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="266"/>
        <source>About Hamish</source>
        <translation>عن هامش</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="270"/>
        <source>Named-entity annotation for Arabic.</source>
        <translation>توسيم الكيانات المسمّاة في النصوص العربية.</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="271"/>
        <source>Project: {0}</source>
        <translation>المشروع: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="272"/>
        <source>Annotator: {0}</source>
        <translation>الموسِّم: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="286"/>
        <source>This document has fewer than two annotators&apos; layers (merge or import another annotator&apos;s work)</source>
        <translation>لهذه الوثيقة أقل من طبقتَي وسم لمُوسِمَين (ادمج عمل موسِم آخر أو استورده)</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="288"/>
        <source>Review this document</source>
        <translation>مراجعة هذه الوثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="301"/>
        <source>Cannot review</source>
        <translation>تعذّرت المراجعة</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="315"/>
        <source>Agreement needs two annotators with a document in common</source>
        <translation>يحتاج الاتفاق إلى موسِّمَين بينهما وثيقة مشتركة</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="317"/>
        <source>Agreement report</source>
        <translation>تقرير الاتفاق</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/project.py" line="330"/>
        <source>No agreement figures</source>
        <translation>لا أرقام للاتفاق</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../../app/ui/review_window.py" line="91"/>
        <location filename="../../app/ui/review_window.py" line="103"/>
        <source>agreement</source>
        <translation>اتفاق</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="92"/>
        <source>same span, other label</source>
        <translation>المقطع نفسه بوسم آخر</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="93"/>
        <source>different boundaries</source>
        <translation>حدود مختلفة</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="94"/>
        <source>only in A</source>
        <translation>عند أ فقط</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="95"/>
        <source>only in B</source>
        <translation>عند ب فقط</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="100"/>
        <source>both</source>
        <translation>كلاهما</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="101"/>
        <source>rejected</source>
        <translation>مرفوض</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="102"/>
        <source>edited</source>
        <translation>معدَّل</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="120"/>
        <source>Difference</source>
        <translation>الاختلاف</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="120"/>
        <source>Gold</source>
        <translation>المعتمد</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../../app/ui/review_window.py" line="178"/>
        <source>Review — {0}</source>
        <translation>مراجعة — {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="205"/>
        <source>Gold (adjudicated)</source>
        <translation>الطبقة المعتمدة (بعد الحسم)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="235"/>
        <source>{0}: no mark</source>
        <translation>{0}: بلا علامة</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="291"/>
        <location filename="../../app/ui/review_window.py" line="317"/>
        <source>Review</source>
        <translation>المراجعة</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="294"/>
        <source>Previous difference (P)</source>
        <translation>الاختلاف السابق (P)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="295"/>
        <source>Next difference (N)</source>
        <translation>الاختلاف التالي (N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="296"/>
        <source>Accept A (A)</source>
        <translation>قبول أ (A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="297"/>
        <source>Accept B (B)</source>
        <translation>قبول ب (B)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="298"/>
        <source>Accept both (C)</source>
        <translation>قبول كليهما (C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="299"/>
        <source>Reject both (X)</source>
        <translation>رفض كليهما (X)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="300"/>
        <source>Accept all agreements</source>
        <translation>قبول كل الاتفاقات</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="301"/>
        <source>Mark document reviewed</source>
        <translation>تعليم الوثيقة مُراجَعة</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="302"/>
        <source>Undo</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="303"/>
        <source>Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="304"/>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="324"/>
        <source>Edit</source>
        <translation>تحرير</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="327"/>
        <source>Label the gold selection as</source>
        <translation>وسم التحديد في الطبقة المعتمدة بـ</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="332"/>
        <source>Nothing to undo</source>
        <translation>لا شيء للتراجع عنه</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="332"/>
        <source>Nothing to redo</source>
        <translation>لا شيء لإعادته</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="336"/>
        <source>Undone: {0}</source>
        <translation>تم التراجع: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="336"/>
        <source>Redone: {0}</source>
        <translation>أعيد: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="364"/>
        <source>The two layers have no difference</source>
        <translation>لا اختلاف بين الطبقتين</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="369"/>
        <source>This is the last difference</source>
        <translation>هذا آخر اختلاف</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="369"/>
        <source>This is the first difference</source>
        <translation>هذا أول اختلاف</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="393"/>
        <source>Nothing to change</source>
        <translation>لا شيء للتغيير</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="402"/>
        <location filename="../../app/ui/review_window.py" line="410"/>
        <location filename="../../app/ui/review_window.py" line="468"/>
        <source>Not saved</source>
        <translation>لم يُحفظ</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="414"/>
        <source>No difference to decide on</source>
        <translation>لا اختلاف يحتاج إلى قرار</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="438"/>
        <source>{0} agreement(s) accepted, {1} left alone</source>
        <translation>قُبل {0} اتفاق، وتُرك {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="449"/>
        <source>Select text in the gold pane first</source>
        <translation>حدّد نصًّا في لوحة الطبقة المعتمدة أولًا</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="470"/>
        <source>Document marked reviewed</source>
        <translation>عُلّمت الوثيقة مُراجَعة</translation>
    </message>
    <message>
        <location filename="../../app/ui/review_window.py" line="492"/>
        <source>difference {0} · {1} open · agreements {2} · label {3} · boundaries {4} · only A {5} · only B {6} · {7}</source>
        <translation>الاختلاف {0} · {1} مفتوح · اتفاقات {2} · وسم {3} · حدود {4} · أ فقط {5} · ب فقط {6} · {7}</translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message>
        <location filename="../../app/ui/controllers/search.py" line="86"/>
        <source>Nothing to find yet: Ctrl+F</source>
        <translation>لا شيء للبحث عنه بعد: Ctrl+F</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/search.py" line="91"/>
        <source>No hit in this document</source>
        <translation>لا نتائج في هذه الوثيقة</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/search.py" line="113"/>
        <source>Hit {0} of {1}</source>
        <translation>النتيجة {0} من {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/search.py" line="153"/>
        <source>Nothing to label</source>
        <translation>لا شيء للوسم</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/search.py" line="156"/>
        <source>Label all: {0} span(s)</source>
        <translation>وسم الكل: {0} مقطع</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/search.py" line="163"/>
        <source>Nothing was labelled</source>
        <translation>لم يُوسم شيء</translation>
    </message>
    <message>
        <location filename="../../app/ui/controllers/search.py" line="168"/>
        <source>{0} span(s) labelled in {1} document(s) — one undo step</source>
        <translation>وُسم {0} مقطع في {1} وثيقة — خطوة تراجع واحدة</translation>
    </message>
</context>
<context>
    <name>SpanTreeModel</name>
    <message>
        <location filename="../../app/ui/span_panel.py" line="52"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../app/ui/span_panel.py" line="53"/>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <location filename="../../app/ui/span_panel.py" line="54"/>
        <source>Start</source>
        <translation>البداية</translation>
    </message>
    <message>
        <location filename="../../app/ui/span_panel.py" line="55"/>
        <source>End</source>
        <translation>النهاية</translation>
    </message>
</context>
</TS>
