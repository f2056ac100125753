-- Hamish project database at schema revision 0001 (see README.md); built with sqlite3 iterdump
BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0001');
CREATE TABLE annotator (
	id INTEGER NOT NULL, 
	project_id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_annotator PRIMARY KEY (id), 
	CONSTRAINT fk_annotator_project_id_project FOREIGN KEY(project_id) REFERENCES project (id) ON DELETE CASCADE, 
	CONSTRAINT uq_annotator_project_id_name UNIQUE (project_id, name)
);
INSERT INTO "annotator" VALUES(1,1,'amal','2026-11-26 13:26:20.068675');
INSERT INTO "annotator" VALUES(2,1,'badr','2026-11-26 13:26:20.410938');
CREATE TABLE document (
	id INTEGER NOT NULL, 
	project_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	source_name VARCHAR(500) NOT NULL, 
	text TEXT NOT NULL, 
	text_sha256 VARCHAR(64) NOT NULL, 
	char_count INTEGER NOT NULL, 
	newlines_normalised INTEGER NOT NULL, 
	had_bom BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_document PRIMARY KEY (id), 
	CONSTRAINT ck_document_text_not_empty CHECK (length(text) > 0), 
	CONSTRAINT fk_document_project_id_project FOREIGN KEY(project_id) REFERENCES project (id) ON DELETE CASCADE, 
	CONSTRAINT uq_document_project_id_text_sha256 UNIQUE (project_id, text_sha256)
);
INSERT INTO "document" VALUES(1,1,0,'ممثلي خمس شركات تكنولوجيا إيرانية وقّعوا اتفاقياتهم رسميًا…','000_f3562d74299d4607.txt','ممثلي خمس شركات تكنولوجيا إيرانية وقّعوا اتفاقياتهم رسميًا على شكل عقود مساء الجمعة، بعد اجتماعات ثنائية مع نظرائهم الروس، في حفل حضره السفير الايراني، ونائب وزير الاتصالات وتكنولوجيا المعلومات لشؤون التكنولوجيا والابتكار الايراني، ونائب وزير التنمية الرقمية والاتصالات والإعلام في الاتحاد الروسي.

وسافرت وفود هذه الشركات التكنولوجية الايرانية الخاصة إلى موسكو في إطار الاجتماع الخامس لمجموعة العمل المشتركة بين جمهورية إيران الإسلامية والاتحاد الروسي في مجال الاتصالات وتكنولوجيا المعلومات، وبعد يومين من الاجتماعات والمفاوضات مع نظرائهم الروس، وقّعوا مساء الجمعة بعض العقود على شكل اتفاقيات تعاون.

وأكد سفير جمهورية إيران الإسلامية لدى الاتحاد الروسي، أن العلاقات بين طهران وموسكو تشهد عصرًا ذهبيًا، واشار إلى توقيع رئيسي البلدين المعاهدة الاستراتيجية الشاملة في يناير الماضي، وقال: "في ظل الإجراءات المهمة التي اتخذها قادة البلدين والأهداف العظيمة التي رسموها لنا، يجب أن نمضي قدمًا نحو توسيع العلاقات بين البلدين في مختلف المجالات".

وأضاف كاظم جلالي: "في هذا السياق، نشكر مختلف شركات التكنولوجيا، وخاصة وزارة الاتصالات في جمهورية إيران الإسلامية، على جهودها النبيلة، التي تسعى جاهدة لتوسيع العلاقات في هذه المجالات".

وأشار إلى أن "إيران وروسيا تتمتعان بإمكانات هائلة، ويمكن لتعاوننا أن يكون مثمرًا بلا شك للبلدين".

وفي إشارة إلى الحضور الفاعل للشباب بين ممثلي كبرى شركات التكنولوجيا في البلاد في هذا الحدث، صرّح السفير الإيراني في موسكو قائلاً: "يعمل عدد كبير من الشباب الموهوبين في مختلف مجالات الاتصالات وتكنولوجيا المعلومات، بما في ذلك تكنولوجيا المعلومات والاتصالات والذكاء الاصطناعي، بل إن وجود بعضهم في بعض كبرى الشركات العالمية قد مهد الطريق لتقدمهم".

وأضاف: "إن تبادل الخبرات بين شركات التكنولوجيا واللقاءات المباشرة، بالإضافة إلى كونها مثمرة لصالح البلدين، يمكن أن يكون لها دور فعال في زيادة التفاهم بين الطرفين".

كما أعرب نائب وزير التنمية الرقمية والاتصالات والإعلام الروسي عن ارتياحه لنجاح انعقاد الاجتماع الخامس لفريق العمل المشترك بين جمهورية إيران الإسلامية والاتحاد الروسي في مجال الاتصالات وتكنولوجيا المعلومات، مشيرًا إلى أن "العقود ومذكرات التفاهم التي شهدناها اليوم هي ثمرة جهود متواصلة على مدار السنوات الماضية".

وأضاف ألكسندر شفيتوف: "لقد تمكنا اليوم من الاحتفال بنتائج سنوات عديدة من العمل الجاد مع الشركات التي تعمل معًا، ويمكننا القول بثقة إن التعاون مستمر اليوم بشكل مؤكد".

وأكد قائلًا: "حتى الآن، تم توقيع العديد من العقود ومذكرات التفاهم بين البلدين، ولكن أود أن ألفت انتباهكم إلى أنه نظرًا لتاريخ معرفتنا الطويل، لا تزال مجالات جديدة للتعاون مفتوحة في تفاعلاتنا، مجالات تعود بالنفع على شعبينا وبلدينا".

كما قال نائب وزير الاتصالات وتكنولوجيا المعلومات الايراني في الحفل: "إن الاجتماعات ومذكرات التفاهم التي تم التوصل إليها اليوم كانت نتيجة ثلاث سنوات من المتابعة المستمرة للتعاون بين الوزارتين وشركات القطاع الخاص في البلدين".

وتابع ميثم عابدي داعيًا الشركات الإيرانية والروسية إلى المتابعة الجادة لتنفيذ الاتفاقيات ومذكرات التفاهم، وإذا كانت هناك عقبات أو مشاكل، فيجب إزالتها بالتواصل مع القطاعات الحكومية في البلدين.

وصرح أنه بإمكان إيران وروسيا تحديد أجندة جديدة في مجال الأسواق المشتركة في الدول الأخرى، وأعرب عن أمله في توقيع عقود في هذا الصدد بحلول العام المقبل وخلال الاجتماع السادس لمجموعة العمل المشتركة بين البلدين (في طهران).

واختتمت الدورة الخامسة لمجموعة العمل المشتركة للتعاون بين إيران وروسيا أعمالها يوم الجمعة بتوقيع مذكرة تفاهم.

وسافر الوفد الايراني، برئاسة نائب وزير الاتصالات وتكنولوجيا المعلومات، برفقة مجموعة من المسؤولين الحكوميين وممثلي 16 شركة تقنية إيرانية رائدة، إلى موسكو بهدف المشاركة في هذه المجموعة وعقد لقاءات مباشرة مع كبرى الشركات الروسية.','bdfda5a3d3d3959cac238639a2a79f3e69f15ed5c1743bcfb3f792ee7ff9f3d9',3420,0,0,'2026-11-26 13:26:20.072658');
INSERT INTO "document" VALUES(2,1,1,'🙂 وصل السفير الإيراني','emoji-doc.txt','🙂 وصل السفير الإيراني
إلى موسكو','6f62ee8f83dc9a9545354612ef868556e2d13867ea457151cde872ed853d1973',31,1,0,'2026-11-26 13:26:20.074175');
CREATE TABLE label (
	id INTEGER NOT NULL, 
	project_id INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	"key" VARCHAR(10) NOT NULL, 
	letter VARCHAR(10) NOT NULL, 
	colour VARCHAR(9) NOT NULL, 
	position INTEGER NOT NULL, 
	description TEXT NOT NULL, 
	CONSTRAINT pk_label PRIMARY KEY (id), 
	CONSTRAINT fk_label_project_id_project FOREIGN KEY(project_id) REFERENCES project (id) ON DELETE CASCADE, 
	CONSTRAINT uq_label_project_id_name UNIQUE (project_id, name)
);
INSERT INTO "label" VALUES(1,1,'person','1','p','#E69F00',0,'Names of people — أسماء الأشخاص (كاظم جلالي)');
INSERT INTO "label" VALUES(2,1,'role','2','r','#56B4E9',1,'Titles and positions with their qualifiers — المناصب والألقاب (السفير الإيراني)');
INSERT INTO "label" VALUES(3,1,'organisation','3','o','#009E73',2,'Ministries, companies, agencies, named groups — المؤسسات والشركات والهيئات');
INSERT INTO "label" VALUES(4,1,'event','4','e','#CC79A7',3,'Specific meetings, ceremonies, signings, sessions — الأحداث (الاجتماع الخامس)');
INSERT INTO "label" VALUES(5,1,'figure','5','f','#F0E442',4,'Numbers and quantities with their counted noun or unit — الأعداد والكميات (16 شركة، خمس شركات)');
CREATE TABLE layer (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	annotator_id INTEGER NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_layer PRIMARY KEY (id), 
	CONSTRAINT fk_layer_annotator_id_annotator FOREIGN KEY(annotator_id) REFERENCES annotator (id) ON DELETE CASCADE, 
	CONSTRAINT fk_layer_document_id_document FOREIGN KEY(document_id) REFERENCES document (id) ON DELETE CASCADE, 
	CONSTRAINT uq_layer_document_id_annotator_id UNIQUE (document_id, annotator_id)
);
INSERT INTO "layer" VALUES(1,1,1,'in_progress','2026-11-26 13:26:20.368029','2026-11-26 13:26:20.387685');
INSERT INTO "layer" VALUES(2,2,1,'in_progress','2026-11-26 13:26:20.388900','2026-11-26 13:26:20.389296');
INSERT INTO "layer" VALUES(3,1,2,'in_progress','2026-11-26 13:26:20.415077','2026-11-26 13:26:20.418528');
INSERT INTO "layer" VALUES(4,2,2,'in_progress','2026-11-26 13:26:20.419648','2026-11-26 13:26:20.420015');
CREATE TABLE project (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_project PRIMARY KEY (id)
);
INSERT INTO "project" VALUES(1,'Hamish project','2026-11-26 13:26:20.063776');
CREATE TABLE setting (
	"key" VARCHAR(100) NOT NULL, 
	value TEXT NOT NULL, 
	CONSTRAINT pk_setting PRIMARY KEY ("key")
);
INSERT INTO "setting" VALUES('annotator','amal');
CREATE TABLE span (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	layer_id INTEGER NOT NULL, 
	label_id INTEGER NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	origin VARCHAR(20) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT ck_span_origin CHECK (origin IN ('manual', 'imported', 'suggested')), 
	CONSTRAINT ck_span_offsets CHECK (start >= 0 AND "end" > start), 
	CONSTRAINT fk_span_label_id_label FOREIGN KEY(label_id) REFERENCES label (id), 
	CONSTRAINT fk_span_layer_id_layer FOREIGN KEY(layer_id) REFERENCES layer (id) ON DELETE CASCADE
);
INSERT INTO "span" VALUES(1,1,2,135,150,'السفير الايراني','manual','2026-11-26 13:26:20.368389','2026-11-26 13:26:20.368389');
INSERT INTO "span" VALUES(2,1,5,6,15,'خمس شركات','manual','2026-11-26 13:26:20.384555','2026-11-26 13:26:20.384555');
INSERT INTO "span" VALUES(3,1,3,282,296,'الاتحاد الروسي','manual','2026-11-26 13:26:20.385600','2026-11-26 13:26:20.385600');
INSERT INTO "span" VALUES(4,1,4,370,408,'الاجتماع الخامس لمجموعة العمل المشتركة','manual','2026-11-26 13:26:20.386465','2026-11-26 13:26:20.386465');
INSERT INTO "span" VALUES(5,1,1,946,956,'كاظم جلالي','manual','2026-11-26 13:26:20.387383','2026-11-26 13:26:20.387383');
INSERT INTO "span" VALUES(6,2,3,26,31,'موسكو','manual','2026-11-26 13:26:20.389020','2026-11-26 13:26:20.389020');
INSERT INTO "span" VALUES(7,3,2,135,150,'السفير الايراني','manual','2026-11-26 13:26:20.415246','2026-11-26 13:26:20.415246');
INSERT INTO "span" VALUES(8,3,5,6,15,'خمس شركات','manual','2026-11-26 13:26:20.416821','2026-11-26 13:26:20.416821');
INSERT INTO "span" VALUES(9,3,3,282,296,'الاتحاد الروسي','manual','2026-11-26 13:26:20.417623','2026-11-26 13:26:20.417623');
INSERT INTO "span" VALUES(10,3,3,386,408,'لمجموعة العمل المشتركة','manual','2026-11-26 13:26:20.418260','2026-11-26 13:26:20.418260');
INSERT INTO "span" VALUES(11,4,3,26,31,'موسكو','manual','2026-11-26 13:26:20.419747','2026-11-26 13:26:20.419747');
CREATE INDEX ix_layer_annotator_document ON layer (annotator_id, document_id);
CREATE INDEX ix_span_layer_start ON span (layer_id, start, "end" DESC);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('span',11);
COMMIT;
