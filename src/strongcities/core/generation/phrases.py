"""Parallel phrase banks about preventing violent extremism, in en, fr, ar, es and tr.

Every phrase exists in the five languages with the same meaning, so a generated translation says
what the original says. Slots: {city} (a city name), {n} (a count of people, 100-5000), {k} (a
small count, 11-60: Arabic puts the noun after 11-99 in the singular), {year}, {budget} (a sum
formatted for the language).

Term frequencies are designed, not accidental (see COMMON_TERMS etc. below): "youth" appears in
most English texts, "mentoring" only in the youth-mentoring topic, "beekeeping" only in the rare
sentence a generated practice carries one time in RARE_EVERY.
"""

from dataclasses import dataclass, field

LANGS = ("en", "fr", "ar", "es", "tr")

# The query terms the search benchmark uses, per language, and how often they are meant to occur.
COMMON_TERMS = {"en": "youth", "fr": "jeunes", "ar": "الشباب", "es": "jóvenes", "tr": "gençlik"}
MEDIUM_TERMS = {"en": "mentoring", "fr": "mentorat", "ar": "الإرشاد", "es": "mentoría"}
RARE_TERMS = {"en": "beekeeping", "fr": "apiculture", "ar": "النحل", "es": "apicultura"}
RARE_EVERY = 500


def _p(en: str, fr: str, ar: str, es: str, tr: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "ar": ar, "es": es, "tr": tr}


@dataclass(frozen=True)
class Topic:
    """A kind of practice: its texts and the tags that fit them (taxonomy concept codes)."""

    code: str
    weight: int
    themes: tuple[str, ...]
    audiences: tuple[str, ...]
    stakeholders: tuple[str, ...]
    prevention: tuple[tuple[str, int], ...]
    titles: tuple[dict[str, str], ...]
    summary: dict[str, str]
    sentences: tuple[dict[str, str], ...] = field(default=())


YOUTH_MENTORING = Topic(
    code="youth-mentoring",
    weight=8,
    themes=("youth-engagement", "economic-inclusion"),
    audiences=("adolescents", "young-adults", "at-risk-individuals"),
    stakeholders=("youth-worker", "civil-society", "private-sector"),
    prevention=(("secondary", 3), ("primary", 2)),
    titles=(
        _p(
            "Youth mentoring network in {city}",
            "Réseau de mentorat pour les jeunes à {city}",
            "شبكة الإرشاد للشباب في {city}",
            "Red de mentoría para jóvenes en {city}",
            "{city} Gençlik Mentorluk Ağı",
        ),
        _p(
            "Peer mentoring for young people at risk",
            "Mentorat par les pairs pour les jeunes en situation de risque",
            "الإرشاد بين الأقران للشباب المعرضين للخطر",
            "Mentoría entre pares para jóvenes en riesgo",
            "Risk altındaki gençler için akran mentorluğu",
        ),
    ),
    summary=_p(
        "A one-year mentoring programme that pairs young people with trained adult volunteers "
        "to strengthen their confidence and their sense of belonging.",
        "Un programme de mentorat d'un an qui associe des jeunes à des bénévoles adultes formés "
        "pour renforcer leur confiance en eux et leur sentiment d'appartenance.",
        "برنامج للإرشاد مدته عام يجمع الشباب بمتطوعين بالغين مدرَّبين لتعزيز ثقتهم بأنفسهم "
        "وشعورهم بالانتماء.",
        "Un programa de mentoría de un año que empareja a jóvenes con voluntarios adultos "
        "formados para reforzar su confianza y su sentido de pertenencia.",
        "Gençleri eğitimli yetişkin gönüllülerle eşleştirerek özgüvenlerini ve aidiyet "
        "duygularını güçlendiren bir yıllık bir mentorluk programı.",
    ),
    sentences=(
        _p(
            "Trained volunteers meet young people once a week for a year of one-to-one mentoring.",
            "Des bénévoles formés rencontrent chaque semaine des jeunes pendant un an dans le "
            "cadre d'un mentorat individuel.",
            "يلتقي متطوعون مدرَّبون بالشباب مرة كل أسبوع لمدة عام في إطار الإرشاد الفردي.",
            "Voluntarios formados se reúnen cada semana con jóvenes durante un año de mentoría "
            "individual.",
            "Eğitimli gönüllüler bir yıl boyunca her hafta gençlerle bire bir mentorluk "
            "görüşmeleri yapıyor.",
        ),
        _p(
            "Mentors are recruited among former participants, local entrepreneurs and "
            "university students.",
            "Les mentors sont recrutés parmi d'anciens participants, des entrepreneurs locaux "
            "et des étudiants.",
            "يُختار المرشدون من بين المشاركين السابقين ورواد الأعمال المحليين وطلاب الجامعات.",
            "Los mentores se reclutan entre antiguos participantes, emprendedores locales y "
            "estudiantes universitarios.",
            "Mentorlar eski katılımcılar, yerel girişimciler ve üniversite öğrencileri "
            "arasından seçiliyor.",
        ),
        _p(
            "Youth workers refer young people who have dropped out of school or training to "
            "the programme.",
            "Les animateurs jeunesse orientent vers le programme les jeunes qui ont quitté "
            "l'école ou la formation.",
            "يحيل العاملون مع الشباب إلى البرنامج الشبابَ الذين انقطعوا عن الدراسة أو التدريب.",
            "Los trabajadores juveniles derivan al programa a jóvenes que han abandonado la "
            "escuela o la formación.",
            "Gençlik çalışanları okulu ya da mesleki eğitimi bırakmış gençleri programa "
            "yönlendiriyor.",
        ),
        _p(
            "Each mentoring pair sets personal goals on education, work and life in the "
            "neighbourhood.",
            "Chaque binôme de mentorat fixe des objectifs personnels en matière d'études, "
            "d'emploi et de vie dans le quartier.",
            "يحدد كل ثنائي في برنامج الإرشاد أهدافا شخصية تتعلق بالدراسة والعمل والحياة في الحي.",
            "Cada pareja de mentoría fija objetivos personales sobre estudios, empleo y vida en "
            "el barrio.",
            "Her mentorluk ikilisi eğitim, iş ve mahalle yaşamına ilişkin kişisel hedefler "
            "belirliyor.",
        ),
    ),
)

SCHOOLS = Topic(
    code="schools",
    weight=18,
    themes=("education", "youth-engagement"),
    audiences=("children", "adolescents"),
    stakeholders=("education", "youth-worker", "families"),
    prevention=(("primary", 1),),
    titles=(
        _p(
            "Critical thinking lessons in secondary schools",
            "Ateliers d'esprit critique dans les collèges et lycées",
            "دروس التفكير النقدي في المدارس الثانوية",
            "Talleres de pensamiento crítico en los institutos",
            "Ortaokul ve liselerde eleştirel düşünme dersleri",
        ),
        _p(
            "Democratic citizenship programme for schools in {city}",
            "Programme d'éducation à la citoyenneté démocratique dans les écoles de {city}",
            "برنامج التربية على المواطنة الديمقراطية في مدارس {city}",
            "Programa de ciudadanía democrática en las escuelas de {city}",
            "{city} okullarında demokratik vatandaşlık programı",
        ),
    ),
    summary=_p(
        "Teachers and youth workers run classroom sessions that help pupils question "
        "propaganda, discuss controversial issues and respect different opinions.",
        "Des enseignants et des animateurs animent en classe des séances qui aident les élèves "
        "à questionner la propagande, à débattre de sujets sensibles et à respecter les "
        "opinions différentes.",
        "ينظم المعلمون والعاملون مع الشباب حصصا صفية تساعد التلاميذ على مساءلة الدعاية ومناقشة "
        "القضايا الخلافية واحترام الآراء المختلفة.",
        "Docentes y trabajadores juveniles imparten sesiones en el aula que ayudan al alumnado "
        "a cuestionar la propaganda, debatir temas controvertidos y respetar las opiniones "
        "diferentes.",
        "Öğretmenler ve gençlik çalışanları, öğrencilerin propagandayı sorgulamasına, tartışmalı "
        "konuları konuşmasına ve farklı görüşlere saygı duymasına yardımcı olan sınıf içi "
        "oturumlar düzenliyor.",
    ),
    sentences=(
        _p(
            "The curriculum has {k} sessions on media literacy, identity and the history of "
            "the city.",
            "Le programme comprend {k} séances sur l'éducation aux médias, l'identité et "
            "l'histoire de la ville.",
            "يتضمن المنهاج {k} حصة حول التربية الإعلامية والهوية وتاريخ المدينة.",
            "El programa incluye {k} sesiones sobre alfabetización mediática, identidad e "
            "historia de la ciudad.",
            "Program medya okuryazarlığı, kimlik ve şehrin tarihi üzerine {k} oturumdan oluşuyor.",
        ),
        _p(
            "Teachers receive two days of training on how to respond to extremist statements "
            "in class.",
            "Les enseignants suivent deux jours de formation pour savoir réagir aux propos "
            "extrémistes en classe.",
            "يتلقى المعلمون تدريبا لمدة يومين حول كيفية التعامل مع التصريحات المتطرفة داخل القسم.",
            "El profesorado recibe dos días de formación sobre cómo responder a declaraciones "
            "extremistas en clase.",
            "Öğretmenler sınıfta aşırıcı söylemlere nasıl karşılık vereceklerine dair iki günlük "
            "eğitim alıyor.",
        ),
        _p(
            "Pupils prepare a project with a local association and present it to their parents.",
            "Les élèves préparent un projet avec une association locale et le présentent à "
            "leurs parents.",
            "يُعدّ التلاميذ مشروعا بالتعاون مع جمعية محلية ويعرضونه على أوليائهم.",
            "El alumnado prepara un proyecto con una asociación local y lo presenta a sus "
            "familias.",
            "Öğrenciler yerel bir dernekle birlikte bir proje hazırlayıp velilerine sunuyor.",
        ),
        _p(
            "School counsellors can ask the municipal prevention team for advice when a pupil "
            "worries them.",
            "Les conseillers scolaires peuvent solliciter l'équipe municipale de prévention "
            "lorsqu'un élève les inquiète.",
            "يمكن للمرشدين التربويين طلب المشورة من فريق الوقاية البلدي عندما يثير أحد التلاميذ "
            "قلقهم.",
            "Los orientadores escolares pueden pedir consejo al equipo municipal de prevención "
            "cuando un alumno les preocupa.",
            "Okul rehber öğretmenleri, bir öğrenci konusunda endişe duyduklarında belediyenin "
            "önleme ekibinden destek isteyebiliyor.",
        ),
    ),
)

ONLINE = Topic(
    code="online-counter-messaging",
    weight=16,
    themes=("online-radicalisation", "counter-narratives"),
    audiences=("online-communities", "young-adults", "adolescents"),
    stakeholders=("media", "civil-society", "youth-worker"),
    prevention=(("primary", 2), ("secondary", 1)),
    titles=(
        _p(
            "Online counter-messaging campaign by young creators",
            "Campagne de contre-discours en ligne menée par de jeunes créateurs",
            "حملة رسائل مضادة عبر الإنترنت يقودها صناع محتوى شباب",
            "Campaña de contranarrativas en línea creada por jóvenes",
            "Genç içerik üreticilerinden çevrimiçi karşı söylem kampanyası",
        ),
        _p(
            "Digital youth work against online hate",
            "Travail de jeunesse numérique contre la haine en ligne",
            "العمل الرقمي مع الشباب لمواجهة خطاب الكراهية عبر الإنترنت",
            "Trabajo juvenil digital contra el odio en línea",
            "Çevrimiçi nefrete karşı dijital gençlik çalışması",
        ),
    ),
    summary=_p(
        "Young people write, film and publish alternative messages on the social networks "
        "where extremist groups recruit, with the support of communication professionals.",
        "Des jeunes écrivent, filment et publient des messages alternatifs sur les réseaux "
        "sociaux où recrutent les groupes extrémistes, avec l'appui de professionnels de la "
        "communication.",
        "يكتب الشباب ويصورون وينشرون رسائل بديلة على شبكات التواصل الاجتماعي التي تجنّد فيها "
        "الجماعات المتطرفة، بدعم من مختصين في الاتصال.",
        "Jóvenes escriben, graban y publican mensajes alternativos en las redes sociales donde "
        "reclutan los grupos extremistas, con el apoyo de profesionales de la comunicación.",
        "Gençler, iletişim uzmanlarının desteğiyle, aşırıcı grupların eleman devşirdiği sosyal "
        "ağlarda alternatif mesajlar yazıp çekiyor ve yayımlıyor.",
    ),
    sentences=(
        _p(
            "Digital youth workers answer questions in the comment threads of popular channels.",
            "Des animateurs numériques répondent aux questions dans les fils de commentaires de "
            "chaînes populaires.",
            "يجيب العاملون الرقميون مع الشباب عن الأسئلة في سلاسل التعليقات على القنوات الشائعة.",
            "Trabajadores juveniles digitales responden preguntas en los hilos de comentarios de "
            "canales populares.",
            "Dijital gençlik çalışanları popüler kanalların yorum dizilerindeki soruları "
            "yanıtlıyor.",
        ),
        _p(
            "The campaign reached {n} viewers and was shared widely by local influencers.",
            "La campagne a touché {n} spectateurs et a été largement relayée par des "
            "influenceurs locaux.",
            "بلغ عدد مشاهدي الحملة {n}، وتداولها المؤثرون المحليون على نطاق واسع.",
            "La campaña llegó a {n} espectadores y fue ampliamente compartida por influencers "
            "locales.",
            "Kampanya {n} izleyiciye ulaştı ve yerel fenomenler tarafından geniş çapta paylaşıldı.",
        ),
        _p(
            "Participants learn to recognise disinformation, conspiracy theories and "
            "manipulative propaganda.",
            "Les participants apprennent à reconnaître la désinformation, les théories du "
            "complot et la propagande manipulatrice.",
            "يتعلم المشاركون كيفية التعرف على التضليل الإعلامي ونظريات المؤامرة والدعاية المضللة.",
            "Los participantes aprenden a reconocer la desinformación, las teorías de la "
            "conspiración y la propaganda manipuladora.",
            "Katılımcılar dezenformasyonu, komplo teorilerini ve manipülatif propagandayı "
            "tanımayı öğreniyor.",
        ),
        _p(
            "Messages are tested with small groups of young people before they are published.",
            "Les messages sont testés auprès de petits groupes de jeunes avant d'être publiés.",
            "تُختبر الرسائل مع مجموعات صغيرة من الشباب قبل نشرها.",
            "Los mensajes se prueban con pequeños grupos de jóvenes antes de publicarse.",
            "Mesajlar yayımlanmadan önce küçük genç gruplarıyla test ediliyor.",
        ),
    ),
)

POLICING = Topic(
    code="community-policing",
    weight=12,
    themes=("community-policing", "multi-agency-cooperation"),
    audiences=("general-public", "frontline-practitioners", "local-officials"),
    stakeholders=("police", "municipal-leadership", "civil-society"),
    prevention=(("primary", 1), ("secondary", 1)),
    titles=(
        _p(
            "Neighbourhood police officers as trusted partners",
            "Les policiers de quartier, des partenaires de confiance",
            "شرطة الحي شريك موثوق للسكان",
            "La policía de barrio como aliada de confianza",
            "Güvenilir bir ortak olarak mahalle polisi",
        ),
        _p(
            "Community policing and local safety council in {city}",
            "Police de proximité et conseil local de sécurité à {city}",
            "الشرطة المجتمعية والمجلس المحلي للأمن في {city}",
            "Policía comunitaria y consejo local de seguridad en {city}",
            "{city} toplum destekli polislik ve yerel güvenlik kurulu",
        ),
    ),
    summary=_p(
        "Police officers, municipal staff and residents meet every month to discuss tensions "
        "in the neighbourhood and agree on joint actions.",
        "Policiers, agents municipaux et habitants se réunissent chaque mois pour discuter des "
        "tensions dans le quartier et convenir d'actions communes.",
        "يجتمع أفراد الشرطة وموظفو البلدية والسكان كل شهر لمناقشة التوترات في الحي والاتفاق "
        "على إجراءات مشتركة.",
        "Agentes de policía, personal municipal y vecinos se reúnen cada mes para hablar de las "
        "tensiones del barrio y acordar acciones conjuntas.",
        "Polis memurları, belediye çalışanları ve mahalle sakinleri her ay bir araya gelerek "
        "mahalledeki gerginlikleri konuşuyor ve ortak adımlar üzerinde uzlaşıyor.",
    ),
    sentences=(
        _p(
            "Officers are trained to recognise signs of radicalisation and to refer people to "
            "social services rather than only to prosecution.",
            "Les policiers sont formés à repérer les signes de radicalisation et à orienter les "
            "personnes vers les services sociaux plutôt que vers la seule voie pénale.",
            "يتلقى أفراد الشرطة تدريبا على رصد علامات التطرف وإحالة الأشخاص إلى الخدمات "
            "الاجتماعية بدل الاقتصار على الملاحقة القضائية.",
            "Los agentes se forman para reconocer señales de radicalización y derivar a las "
            "personas a los servicios sociales y no solo a la vía penal.",
            "Polisler radikalleşme belirtilerini tanımak ve kişileri yalnızca kovuşturmaya değil "
            "sosyal hizmetlere de yönlendirmek üzere eğitiliyor.",
        ),
        _p(
            "A multi-agency panel reviews each referral within two weeks.",
            "Une cellule multi-acteurs examine chaque signalement dans un délai de deux semaines.",
            "تدرس لجنة متعددة الجهات كل إحالة في غضون أسبوعين.",
            "Una mesa interinstitucional estudia cada derivación en un plazo de dos semanas.",
            "Kurumlar arası bir kurul her yönlendirmeyi iki hafta içinde inceliyor.",
        ),
        _p(
            "Foot patrols and open office hours in community centres build trust with residents.",
            "Les patrouilles à pied et les permanences dans les maisons de quartier renforcent "
            "la confiance des habitants.",
            "تعزز الدوريات الراجلة والمداومات المفتوحة في المراكز المجتمعية ثقة السكان.",
            "Las patrullas a pie y las horas de atención en los centros comunitarios generan "
            "confianza con los vecinos.",
            "Yaya devriyeler ve mahalle merkezlerindeki açık görüşme saatleri sakinlerle güven "
            "inşa ediyor.",
        ),
        _p(
            "Since {year}, {k} joint actions have been agreed with residents' associations.",
            "Depuis {year}, {k} actions communes ont été décidées avec les associations "
            "d'habitants.",
            "منذ عام {year}، تم الاتفاق مع جمعيات السكان على {k} إجراء مشتركا.",
            "Desde {year} se han acordado {k} acciones conjuntas con las asociaciones vecinales.",
            "{year} yılından bu yana mahalle dernekleriyle {k} ortak eylem üzerinde anlaşıldı.",
        ),
    ),
)

FAMILIES = Topic(
    code="family-support",
    weight=12,
    themes=("family-support", "mental-health"),
    audiences=("parents-families", "women"),
    stakeholders=("social-worker", "families", "health"),
    prevention=(("secondary", 3), ("primary", 1)),
    titles=(
        _p(
            "Support line for families worried about a relative",
            "Ligne d'écoute pour les familles inquiètes pour un proche",
            "خط دعم للأسر القلقة على أحد أفرادها",
            "Línea de apoyo para familias preocupadas por un ser querido",
            "Bir yakını için endişelenen ailelere destek hattı",
        ),
        _p(
            "Parents' circles on radicalisation in {city}",
            "Groupes de parole de parents sur la radicalisation à {city}",
            "حلقات نقاش للأولياء حول التطرف في {city}",
            "Círculos de madres y padres sobre la radicalización en {city}",
            "{city} radikalleşme konusunda ebeveyn buluşmaları",
        ),
    ),
    summary=_p(
        "Social workers and psychologists advise parents and relatives who fear that a family "
        "member is being drawn into violent extremism.",
        "Des travailleurs sociaux et des psychologues conseillent les parents et les proches "
        "qui craignent qu'un membre de leur famille ne soit attiré par l'extrémisme violent.",
        "يقدم الأخصائيون الاجتماعيون والنفسانيون المشورة للأولياء والأقارب الذين يخشون انجذاب "
        "أحد أفراد أسرتهم إلى التطرف العنيف.",
        "Trabajadores sociales y psicólogos asesoran a madres, padres y familiares que temen "
        "que un miembro de la familia se vea atraído por el extremismo violento.",
        "Sosyal hizmet uzmanları ve psikologlar, bir aile üyesinin şiddet içeren aşırıcılığa "
        "sürüklendiğinden endişe eden ebeveynlere ve yakınlara danışmanlık veriyor.",
    ),
    sentences=(
        _p(
            "The helpline is anonymous and free of charge.",
            "La ligne d'écoute est anonyme et gratuite.",
            "خط الدعم مجاني ويحافظ على سرية هوية المتصلين.",
            "La línea de apoyo es anónima y gratuita.",
            "Destek hattı anonim ve ücretsiz.",
        ),
        _p(
            "Mothers' groups meet every two weeks to share experiences and learn how to talk "
            "with their teenagers.",
            "Des groupes de mères se retrouvent tous les quinze jours pour partager leurs "
            "expériences et apprendre à dialoguer avec leurs adolescents.",
            "تلتقي مجموعات الأمهات كل أسبوعين لتبادل التجارب وتعلم كيفية الحوار مع أبنائهن "
            "المراهقين.",
            "Grupos de madres se reúnen cada dos semanas para compartir experiencias y aprender "
            "a hablar con sus hijos adolescentes.",
            "Anne grupları iki haftada bir buluşarak deneyimlerini paylaşıyor ve ergen "
            "çocuklarıyla nasıl konuşacaklarını öğreniyor.",
        ),
        _p(
            "Home visits help families rebuild the relationship with a child who has withdrawn.",
            "Des visites à domicile aident les familles à renouer le lien avec un enfant qui "
            "s'est isolé.",
            "تساعد الزيارات المنزلية الأسر على إعادة بناء العلاقة مع الأبناء الذين انطووا على "
            "أنفسهم.",
            "Las visitas a domicilio ayudan a las familias a reconstruir la relación con un hijo "
            "que se ha aislado.",
            "Ev ziyaretleri, ailelerin içine kapanmış çocuklarıyla yeniden bağ kurmalarına "
            "yardımcı oluyor.",
        ),
        _p(
            "In {year}, {n} families were supported and most stayed in contact with the service.",
            "En {year}, {n} familles ont été accompagnées et la plupart sont restées en contact "
            "avec le service.",
            "في عام {year}، استفادت من المرافقة أسر بلغ عددها {n}، وبقي معظمها على تواصل مع "
            "الخدمة.",
            "En {year} se acompañó a {n} familias y la mayoría siguió en contacto con el servicio.",
            "{year} yılında {n} aileye destek verildi ve ailelerin çoğu hizmetle bağlantısını "
            "sürdürdü.",
        ),
    ),
)

EXIT = Topic(
    code="exit-programme",
    weight=9,
    themes=("exit-reintegration", "prisons-probation", "returnees"),
    audiences=("at-risk-individuals", "people-in-prison", "returnees-families"),
    stakeholders=("social-worker", "health", "police"),
    prevention=(("tertiary", 1),),
    titles=(
        _p(
            "Exit programme for people leaving violent extremist groups",
            "Programme de sortie pour les personnes qui quittent les groupes extrémistes violents",
            "برنامج خروج للأشخاص الذين يغادرون الجماعات المتطرفة العنيفة",
            "Programa de salida para personas que abandonan grupos extremistas violentos",
            "Şiddet içeren aşırıcı gruplardan ayrılan kişiler için çıkış programı",
        ),
        _p(
            "Reintegration support after prison in {city}",
            "Accompagnement à la réinsertion après la détention à {city}",
            "مرافقة إعادة الإدماج بعد السجن في {city}",
            "Apoyo a la reintegración tras la prisión en {city}",
            "{city} cezaevi sonrası yeniden entegrasyon desteği",
        ),
    ),
    summary=_p(
        "A case manager, a psychologist and a mentor accompany each person for up to two years "
        "to find housing, work and a new social network.",
        "Un référent, un psychologue et un mentor accompagnent chaque personne pendant deux ans "
        "au plus pour trouver un logement, un emploi et un nouveau réseau social.",
        "يرافق مسيّر حالة وأخصائي نفسي ومرشد كل شخص لمدة تصل إلى عامين للعثور على سكن وعمل "
        "وشبكة علاقات جديدة.",
        "Un gestor de casos, un psicólogo y un mentor acompañan a cada persona durante un máximo "
        "de dos años para encontrar vivienda, trabajo y una nueva red social.",
        "Bir vaka yöneticisi, bir psikolog ve bir mentor her kişiye iki yıla kadar eşlik ederek "
        "barınma, iş ve yeni bir sosyal çevre bulmasına yardımcı oluyor.",
    ),
    sentences=(
        _p(
            "Participation is voluntary and starts with an assessment of needs, risks and "
            "protective factors.",
            "La participation est volontaire et commence par une évaluation des besoins, des "
            "risques et des facteurs de protection.",
            "المشاركة طوعية وتبدأ بتقييم الاحتياجات والمخاطر وعوامل الحماية.",
            "La participación es voluntaria y comienza con una evaluación de necesidades, "
            "riesgos y factores de protección.",
            "Katılım gönüllülük esasına dayanıyor ve ihtiyaçların, risklerin ve koruyucu "
            "faktörlerin değerlendirilmesiyle başlıyor.",
        ),
        _p(
            "Probation officers and prison staff prepare the release together with the "
            "municipal team.",
            "Les conseillers de probation et le personnel pénitentiaire préparent la libération "
            "avec l'équipe municipale.",
            "يُعدّ ضباط المراقبة القضائية وموظفو السجن لمرحلة الإفراج بالتعاون مع الفريق البلدي.",
            "Los agentes de libertad vigilada y el personal penitenciario preparan la salida "
            "junto con el equipo municipal.",
            "Denetimli serbestlik görevlileri ve cezaevi personeli tahliyeyi belediye ekibiyle "
            "birlikte hazırlıyor.",
        ),
        _p(
            "Former extremists share their story in group sessions and help others to leave.",
            "D'anciens extrémistes racontent leur parcours lors de séances collectives et "
            "aident d'autres personnes à partir.",
            "يروي متطرفون سابقون تجاربهم في جلسات جماعية ويساعدون غيرهم على الخروج.",
            "Antiguos extremistas comparten su historia en sesiones grupales y ayudan a otras "
            "personas a salir.",
            "Eski aşırıcılar grup oturumlarında hikâyelerini anlatıyor ve başkalarının da "
            "ayrılmasına yardım ediyor.",
        ),
        _p(
            "Of the {k} people accompanied so far, none has been convicted again for a related "
            "offence.",
            "Sur les {k} personnes accompagnées à ce jour, aucune n'a été condamnée de nouveau "
            "pour des faits liés.",
            "من بين {k} شخصا تمت مرافقتهم حتى الآن، لم يُدَن أي منهم مجددا بجريمة ذات صلة.",
            "De las {k} personas acompañadas hasta ahora, ninguna ha vuelto a ser condenada por "
            "un delito relacionado.",
            "Bugüne kadar destek verilen {k} kişiden hiçbiri bağlantılı bir suçtan yeniden hüküm "
            "giymedi.",
        ),
    ),
)

FAITH = Topic(
    code="faith-leaders-dialogue",
    weight=10,
    themes=("interfaith", "community-resilience"),
    audiences=("general-public", "young-adults", "women"),
    stakeholders=("faith-leader", "civil-society", "municipal-leadership"),
    prevention=(("primary", 1),),
    titles=(
        _p(
            "Interfaith dialogue council of {city}",
            "Conseil du dialogue interreligieux de {city}",
            "مجلس الحوار بين الأديان في {city}",
            "Consejo de diálogo interreligioso de {city}",
            "{city} Dinlerarası Diyalog Konseyi",
        ),
        _p(
            "Faith leaders training on youth questions",
            "Formation des responsables religieux aux questions des jeunes",
            "تدريب القيادات الدينية على قضايا الشباب",
            "Formación de líderes religiosos sobre las preguntas de los jóvenes",
            "Din önderlerine gençlerin soruları üzerine eğitim",
        ),
    ),
    summary=_p(
        "Imams, priests, rabbis and other faith leaders meet regularly with the municipality "
        "and speak together in public when tensions rise.",
        "Imams, prêtres, rabbins et autres responsables religieux se réunissent régulièrement "
        "avec la municipalité et s'expriment ensemble en public lorsque les tensions montent.",
        "يجتمع الأئمة والقساوسة والحاخامات وغيرهم من القيادات الدينية بانتظام مع البلدية "
        "ويتحدثون معا علنا عند تصاعد التوترات.",
        "Imanes, sacerdotes, rabinos y otros líderes religiosos se reúnen periódicamente con el "
        "ayuntamiento y hablan juntos en público cuando aumentan las tensiones.",
        "İmamlar, rahipler, hahamlar ve diğer din önderleri belediyeyle düzenli olarak bir araya "
        "geliyor ve gerginlikler arttığında kamuoyu önünde birlikte konuşuyor.",
    ),
    sentences=(
        _p(
            "Faith leaders are trained to answer the religious arguments used by extremist "
            "recruiters.",
            "Les responsables religieux sont formés pour répondre aux arguments religieux "
            "utilisés par les recruteurs extrémistes.",
            "تتلقى القيادات الدينية تدريبا للرد على الحجج الدينية التي يستخدمها المجندون "
            "المتطرفون.",
            "Los líderes religiosos se forman para responder a los argumentos religiosos que "
            "utilizan los reclutadores extremistas.",
            "Din önderleri, aşırıcı devşiricilerin kullandığı dini argümanlara yanıt verebilmek "
            "için eğitiliyor.",
        ),
        _p(
            "Joint visits to places of worship bring together young people of different faiths.",
            "Des visites communes de lieux de culte réunissent des jeunes de différentes "
            "confessions.",
            "تجمع الزيارات المشتركة لدور العبادة شبابا من أديان مختلفة.",
            "Las visitas conjuntas a lugares de culto reúnen a jóvenes de distintas confesiones.",
            "İbadethanelere yapılan ortak ziyaretler farklı inançlardan gençleri bir araya "
            "getiriyor.",
        ),
        _p(
            "After an attack, the council issued a common statement within hours.",
            "Après un attentat, le conseil a publié une déclaration commune en quelques heures.",
            "بعد وقوع هجوم، أصدر المجلس بيانا مشتركا في غضون ساعات.",
            "Tras un atentado, el consejo publicó una declaración conjunta en pocas horas.",
            "Bir saldırının ardından konsey birkaç saat içinde ortak bir açıklama yayımladı.",
        ),
        _p(
            "Women religious teachers lead discussion groups with mothers and daughters.",
            "Des enseignantes religieuses animent des groupes de discussion avec des mères et "
            "leurs filles.",
            "تقود معلمات دينيات حلقات نقاش مع الأمهات وبناتهن.",
            "Maestras de religión dirigen grupos de conversación con madres e hijas.",
            "Kadın din eğitimcileri anneler ve kızlarıyla sohbet grupları yürütüyor.",
        ),
    ),
)

COHESION = Topic(
    code="social-cohesion",
    weight=15,
    themes=("community-resilience", "hate-crime-polarisation", "sport-culture"),
    audiences=("general-public", "adolescents", "young-adults"),
    stakeholders=("civil-society", "municipal-leadership", "youth-worker"),
    prevention=(("primary", 1),),
    titles=(
        _p(
            "Sport and culture for social cohesion in {city}",
            "Sport et culture pour la cohésion sociale à {city}",
            "الرياضة والثقافة من أجل التماسك الاجتماعي في {city}",
            "Deporte y cultura para la cohesión social en {city}",
            "{city} için sosyal uyum amaçlı spor ve kültür",
        ),
        _p(
            "Neighbourhood dialogue against polarisation",
            "Dialogue de quartier contre la polarisation",
            "حوار الأحياء لمواجهة الاستقطاب",
            "Diálogo vecinal contra la polarización",
            "Kutuplaşmaya karşı mahalle diyaloğu",
        ),
    ),
    summary=_p(
        "Football tournaments, theatre workshops and neighbourhood festivals bring together "
        "residents of different backgrounds to reduce polarisation and hate.",
        "Tournois de football, ateliers de théâtre et fêtes de quartier rassemblent des "
        "habitants d'horizons différents pour réduire la polarisation et la haine.",
        "تجمع دورات كرة القدم وورشات المسرح ومهرجانات الأحياء سكانا من خلفيات مختلفة للحد من "
        "الاستقطاب والكراهية.",
        "Torneos de fútbol, talleres de teatro y fiestas de barrio reúnen a vecinos de "
        "distintos orígenes para reducir la polarización y el odio.",
        "Futbol turnuvaları, tiyatro atölyeleri ve mahalle şenlikleri, kutuplaşmayı ve nefreti "
        "azaltmak için farklı geçmişlerden sakinleri bir araya getiriyor.",
    ),
    sentences=(
        _p(
            "Youth clubs organise {k} events a year with associations from every district.",
            "Les clubs de jeunes organisent {k} événements par an avec des associations de tous "
            "les quartiers.",
            "تنظم نوادي الشباب {k} فعالية في السنة بالتعاون مع جمعيات من جميع الأحياء.",
            "Los clubes juveniles organizan {k} actividades al año con asociaciones de todos los "
            "distritos.",
            "Gençlik kulüpleri her mahalleden derneklerle yılda {k} etkinlik düzenliyor.",
        ),
        _p(
            "Trained mediators step in when conflicts between groups of residents escalate.",
            "Des médiateurs formés interviennent lorsque les conflits entre groupes d'habitants "
            "s'enveniment.",
            "يتدخل وسطاء مدرَّبون عندما تتصاعد النزاعات بين مجموعات من السكان.",
            "Mediadores formados intervienen cuando se agravan los conflictos entre grupos de "
            "vecinos.",
            "Sakin grupları arasındaki çatışmalar tırmandığında eğitimli arabulucular devreye "
            "giriyor.",
        ),
        _p(
            "Victims of hate crimes can report incidents at a municipal desk and receive support.",
            "Les victimes de crimes de haine peuvent signaler les faits à un guichet municipal et "
            "être accompagnées.",
            "يمكن لضحايا جرائم الكراهية الإبلاغ عن الحوادث لدى مكتب بلدي والحصول على الدعم.",
            "Las víctimas de delitos de odio pueden denunciar los incidentes en una oficina "
            "municipal y recibir apoyo.",
            "Nefret suçu mağdurları olayları belediyedeki bir masaya bildirip destek alabiliyor.",
        ),
        _p(
            "A survey of {n} residents measures the feeling of belonging every two years.",
            "Une enquête auprès de {n} habitants mesure le sentiment d'appartenance tous les deux "
            "ans.",
            "يقيس استطلاع يشمل عينة من السكان عددها {n} الشعور بالانتماء كل عامين.",
            "Una encuesta a {n} vecinos mide el sentimiento de pertenencia cada dos años.",
            "{n} sakinle yapılan bir anket aidiyet duygusunu iki yılda bir ölçüyor.",
        ),
    ),
)

TOPICS = (YOUTH_MENTORING, SCHOOLS, ONLINE, POLICING, FAMILIES, EXIT, FAITH, COHESION)

# Sentences any practice may use, by the text field they fit.
FIELD_SENTENCES: dict[str, tuple[dict[str, str], ...]] = {
    "context": (
        _p(
            "Unemployment among youth in some districts of {city} is twice the city average.",
            "Dans certains quartiers de {city}, le chômage des jeunes est deux fois plus élevé "
            "que la moyenne de la ville.",
            "تبلغ نسبة البطالة في صفوف الشباب في بعض أحياء {city} ضعف المعدل في المدينة.",
            "En algunos distritos de {city}, el desempleo de los jóvenes duplica la media de la "
            "ciudad.",
            "{city} şehrinin bazı semtlerinde gençler arasındaki işsizlik şehir ortalamasının iki "
            "katı.",
        ),
        _p(
            "Local authorities observed growing recruitment by extremist groups and rising "
            "tensions between communities.",
            "Les autorités locales ont constaté une hausse du recrutement par des groupes "
            "extrémistes et des tensions croissantes entre communautés.",
            "لاحظت السلطات المحلية تزايد عمليات التجنيد من قبل الجماعات المتطرفة وتصاعد التوترات "
            "بين المجتمعات.",
            "Las autoridades locales observaron un aumento del reclutamiento por parte de grupos "
            "extremistas y crecientes tensiones entre comunidades.",
            "Yerel yönetimler aşırıcı grupların eleman devşirme faaliyetlerinde artış ve "
            "topluluklar arasında yükselen gerginlikler gözlemledi.",
        ),
        _p(
            "A local needs assessment carried out in {year} identified youth as the priority "
            "group.",
            "Un diagnostic local réalisé en {year} a désigné les jeunes comme public prioritaire.",
            "حدد تقييم محلي للاحتياجات أُجري عام {year} الشباب كفئة ذات أولوية.",
            "Un diagnóstico local realizado en {year} señaló a los jóvenes como grupo prioritario.",
            "{year} yılında yapılan yerel ihtiyaç analizi gençleri öncelikli grup olarak "
            "belirledi.",
        ),
    ),
    "resources": (
        _p(
            "The practice is run by {k} staff members of the municipality's youth service with "
            "an annual budget of {budget} euros.",
            "La pratique est mise en œuvre par {k} agents du service jeunesse de la "
            "municipalité, avec un budget annuel de {budget} euros.",
            "ينفذ الممارسة {k} موظفا من مصلحة الشباب بالبلدية بميزانية سنوية قدرها {budget} يورو.",
            "La práctica la llevan a cabo {k} profesionales del servicio de juventud municipal "
            "con un presupuesto anual de {budget} euros.",
            "Uygulama, belediyenin gençlik biriminden {k} personel tarafından yılda {budget} "
            "avro bütçeyle yürütülüyor.",
        ),
        _p(
            "Funding comes from the city council, a national prevention fund and private "
            "foundations.",
            "Le financement provient du conseil municipal, d'un fonds national de prévention et "
            "de fondations privées.",
            "يأتي التمويل من المجلس البلدي وصندوق وطني للوقاية ومؤسسات خاصة.",
            "La financiación procede del ayuntamiento, de un fondo nacional de prevención y de "
            "fundaciones privadas.",
            "Finansman belediye meclisinden, ulusal bir önleme fonundan ve özel vakıflardan "
            "sağlanıyor.",
        ),
    ),
    "results": (
        _p(
            "An external evaluation found that participants trust institutions more and feel "
            "less isolated.",
            "Une évaluation externe a montré que les participants font davantage confiance aux "
            "institutions et se sentent moins isolés.",
            "أظهر تقييم خارجي أن المشاركين باتوا يثقون أكثر في المؤسسات ويشعرون بعزلة أقل.",
            "Una evaluación externa mostró que los participantes confían más en las "
            "instituciones y se sienten menos aislados.",
            "Dış değerlendirme, katılımcıların kurumlara daha fazla güvendiğini ve kendilerini "
            "daha az yalnız hissettiğini ortaya koydu.",
        ),
        _p(
            "Since {year}, the programme has reached {n} youth and {k} partner organisations.",
            "Depuis {year}, le programme a touché {n} jeunes et {k} organisations partenaires.",
            "منذ عام {year}، وصل البرنامج إلى شباب بلغ عددهم {n} وإلى {k} منظمة شريكة.",
            "Desde {year}, el programa ha llegado a {n} jóvenes y {k} organizaciones asociadas.",
            "Program {year} yılından bu yana {n} gence ve {k} ortak kuruluşa ulaştı.",
        ),
    ),
    "theory_of_change": (
        _p(
            "Young people who feel heard and have a place in the community are less receptive "
            "to extremist narratives.",
            "Les jeunes qui se sentent écoutés et ont leur place dans la communauté sont moins "
            "réceptifs aux discours extrémistes.",
            "الشباب الذين يشعرون بأن صوتهم مسموع وبأن لهم مكانا في المجتمع أقل تقبلا للخطابات "
            "المتطرفة.",
            "Los jóvenes que se sienten escuchados y tienen un lugar en la comunidad son menos "
            "receptivos a los discursos extremistas.",
            "Sesinin duyulduğunu hisseden ve toplumda yeri olan gençler aşırıcı söylemlere daha "
            "az açık oluyor.",
        ),
        _p(
            "Trust between residents and institutions makes it possible to act early, before "
            "violence.",
            "La confiance entre habitants et institutions permet d'agir tôt, avant la violence.",
            "تتيح الثقة بين السكان والمؤسسات التدخل مبكرا قبل وقوع العنف.",
            "La confianza entre vecinos e instituciones permite actuar pronto, antes de la "
            "violencia.",
            "Sakinler ile kurumlar arasındaki güven, şiddet ortaya çıkmadan erken harekete "
            "geçmeyi mümkün kılıyor.",
        ),
    ),
    "lessons_learned": (
        _p(
            "Involving youth from the design stage was decisive; activities imposed from above "
            "were not attended.",
            "Associer les jeunes dès la conception a été décisif ; les activités imposées d'en "
            "haut n'ont pas attiré de public.",
            "كان إشراك الشباب منذ مرحلة التصميم حاسما، أما الأنشطة المفروضة من فوق فلم تلق إقبالا.",
            "Implicar a los jóvenes desde el diseño fue decisivo; las actividades impuestas "
            "desde arriba no tuvieron asistencia.",
            "Gençleri tasarım aşamasından itibaren sürece dahil etmek belirleyici oldu; yukarıdan "
            "dayatılan etkinliklere katılım olmadı.",
        ),
        _p(
            "Clear rules on information sharing between partners must be agreed at the start.",
            "Des règles claires de partage d'informations entre partenaires doivent être fixées "
            "dès le départ.",
            "يجب الاتفاق منذ البداية على قواعد واضحة لتبادل المعلومات بين الشركاء.",
            "Hay que acordar desde el principio reglas claras sobre el intercambio de "
            "información entre socios.",
            "Ortaklar arasında bilgi paylaşımına ilişkin açık kurallar en baştan belirlenmeli.",
        ),
    ),
    "transferability": (
        _p(
            "The approach can be adapted by any city with a youth service and committed local "
            "associations.",
            "L'approche peut être adaptée par toute ville disposant d'un service jeunesse et "
            "d'associations locales engagées.",
            "يمكن لأي مدينة لديها مصلحة للشباب وجمعيات محلية ملتزمة أن تتبنى هذا النهج.",
            "El enfoque puede adaptarse en cualquier ciudad que cuente con un servicio de "
            "juventud y asociaciones locales comprometidas.",
            "Bu yaklaşım, gençlik birimi ve kararlı yerel dernekleri olan her şehir tarafından "
            "uyarlanabilir.",
        ),
        _p(
            "A toolkit, training modules and evaluation forms are available on request.",
            "Une boîte à outils, des modules de formation et des grilles d'évaluation sont "
            "disponibles sur demande.",
            "تتوفر عند الطلب حقيبة أدوات ووحدات تدريبية واستمارات تقييم.",
            "Hay una caja de herramientas, módulos de formación y fichas de evaluación "
            "disponibles a petición.",
            "Bir araç seti, eğitim modülleri ve değerlendirme formları talep üzerine "
            "sağlanabiliyor.",
        ),
    ),
}

RARE_SENTENCE = _p(
    "Participants also run a beekeeping cooperative with a local farmers' association.",
    "Les participants gèrent aussi une coopérative d'apiculture avec une association locale "
    "d'agriculteurs.",
    "يدير المشاركون أيضا تعاونية لتربية النحل مع جمعية محلية للمزارعين.",
    "Los participantes también gestionan una cooperativa de apicultura con una asociación local "
    "de agricultores.",
    "Katılımcılar ayrıca yerel bir çiftçi derneğiyle birlikte bir arıcılık kooperatifi işletiyor.",
)
