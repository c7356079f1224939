"""Spanish versions of three condition pages (self-harm, anxiety, depression), and the
content editors' permissions on translations.

Written in US Spanish with the same care as the English pages: the same safe-messaging rules
(no methods, tools or injuries; always pointing to help and recovery), 988 in Spanish (call
and press 2, or text AYUDA). Each is published and marked "translation not yet clinically
reviewed" until a clinician records a review in the admin. Pages that already have a Spanish
version, or whose English page is missing, are left alone.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Content editors"
ACTIONS = ("add", "change", "delete", "view")
MODELS = ["conditiontranslation", "translationitem"]

FAQ_INTRO = (
    "¿No sabe bien qué esperar? Estas son las preguntas que las personas nos hacen antes de "
    "empezar."
)
DEFAULT_CRISIS_NOTICE = (
    "Si tiene pensamientos de suicidio o siente que puede estar en peligro, llame o envíe un "
    "mensaje de texto al 988 (en español, marque 2 o escriba AYUDA), o llame al 911 y vaya a "
    "la sala de emergencias más cercana."
)
INSURANCE_CLARITY = (
    "Claridad sobre su seguro",
    "Le ayudamos a entender su cobertura antes de empezar",
)

PAGES = [
    {
        "slug": "self-harm",
        "title": "Autolesiones",
        "name_in_sentence": "las autolesiones",
        "headline": "Las autolesiones son una señal de que algo duele. La terapia le ayuda a encontrar otra forma de salir adelante.",
        "summary": "Las autolesiones suelen ser una forma privada de lidiar con un dolor que se siente demasiado grande. La terapia puede ayudarle, sin juzgarle.",
        "intro": "Las autolesiones no son una forma de llamar la atención. Para la mayoría de las personas, son una manera privada de sobrellevar un dolor emocional que se siente demasiado intenso para manejarlo de otra forma. En Ellie Mental Health, nos acercamos a las autolesiones sin juzgar, con un interés genuino por entender lo que hay detrás y con apoyo real para encontrar algo que funcione mejor a largo plazo.",
        "feelings_intro": "Las autolesiones significan cosas distintas para distintas personas, y las razones detrás de ellas varían. Lo que se repite es que suelen ser una señal de un dolor emocional que necesita atención.",
        "feelings": [
            "Una forma de soltar emociones que se sienten demasiado grandes para contenerlas o expresarlas de otra manera",
            "Una manera de sentir algo real cuando el entumecimiento emocional lo ha cubierto todo",
            "Una forma de sacar hacia afuera un dolor interno que parece invisible para los demás",
            "Algo que funciona en el momento, aunque usted sepa que a largo plazo no le hace bien",
            "Vergüenza y secreto que hacen más difícil parar, no más fácil",
            "Un hábito que ha crecido con el tiempo y que cada vez es más difícil de manejar a solas",
        ],
        "thoughts": [
            "Es lo único que de verdad me ayuda cuando todo se vuelve demasiado.",
            "Me da vergüenza, pero no sé cómo parar.",
            "Nadie lo entendería.",
            "No es para tanto; no es que quiera morir.",
        ],
        "crisis_notice_text": "Si tiene pensamientos de suicidio o siente que puede estar en peligro, llame o envíe un mensaje de texto al 988 (en español, marque 2 o escriba AYUDA), o llame al 911 y vaya a la sala de emergencias más cercana. Esta página trata sobre las autolesiones no suicidas —las autolesiones como una forma de sobrellevar el dolor—, pero ambas situaciones merecen atención y apoyo.",
        "causes_intro": "Con mayor frecuencia, las autolesiones son un mecanismo para sobrellevar el dolor: una manera de manejar estados emocionales que se sienten insoportables o imposibles de controlar. Desde la perspectiva de alguien con un malestar intenso, no son algo irracional. Son una solución que, con el tiempo, crea sus propios problemas.\n\nLas autolesiones pueden estar relacionadas con:",
        "causes": [
            "Dificultad para tolerar o regular emociones intensas",
            "Una historia de trauma, abuso o invalidación emocional",
            "Sentirse desconectado o entumecido y usar el dolor para sentirse presente",
            "Estrés abrumador, vergüenza o enojo dirigido hacia uno mismo",
            "Depresión, ansiedad, trastorno límite de la personalidad, TEPT u otras condiciones que se presentan al mismo tiempo",
            "Sentir que no hay otra manera de comunicar lo profundo del dolor",
        ],
        "support_intro": "Hablar de las autolesiones requiere valor y confianza. En Ellie trabajamos para que ese paso sea lo más seguro y tranquilo posible.",
        "support": [
            (
                "Sin juicios",
                "Abordamos las autolesiones con compasión y seriedad clínica, no con vergüenza ni alarma",
            ),
            (
                "Terapeutas adecuados para usted",
                "Le ponemos en contacto con profesionales con experiencia en autolesiones y en el dolor emocional que las impulsa",
            ),
            (
                "Apoyo basado en habilidades",
                "Desarrollar otras herramientas para sobrellevar el dolor es parte central del trabajo terapéutico",
            ),
            INSURANCE_CLARITY,
            (
                "Telesalud disponible",
                "Muchas de nuestras ubicaciones ofrecen sesiones virtuales, para más privacidad y comodidad",
            ),
            (
                "La confianza importa",
                "Encontrar un terapeuta en quien confíe es especialmente importante para este tipo de trabajo",
            ),
        ],
        "faqs": [
            (
                "¿Las autolesiones significan que una persona quiere suicidarse?",
                "No necesariamente. Las autolesiones no suicidas son actos de hacerse daño sin la intención de terminar con la propia vida; por lo general, son una forma de sobrellevar el dolor emocional. Aun así, con el tiempo las autolesiones aumentan el riesgo, y cualquier persona que tenga pensamientos de suicidio debe comunicarse de inmediato con una línea de crisis o con los servicios de emergencia. Puede llamar al 988 y marcar 2 para hablar en español, o enviar la palabra AYUDA al 988.",
            ),
            (
                "Si le cuento a un terapeuta sobre las autolesiones, ¿tendrá que decírselo a alguien?",
                "Las reglas de confidencialidad varían según la edad y las circunstancias. En general, los terapeutas solo tienen que romper la confidencialidad cuando hay un riesgo inminente de daño grave. En el caso de las autolesiones no suicidas, muchos terapeutas pueden trabajar con usted de manera confidencial. Vale la pena hablarlo directamente con su terapeuta al comenzar el tratamiento.",
            ),
            (
                "¿Qué tipo de terapia ayuda con las autolesiones?",
                "La terapia dialéctico-conductual (DBT, por sus siglas en inglés) es uno de los enfoques más estudiados para las autolesiones, en especial cuando la dificultad para regular las emociones es un factor central. Ayuda a desarrollar habilidades prácticas para tolerar el malestar y regular las emociones sin hacerse daño. También se usan otros enfoques informados sobre el trauma y enfoques cognitivos, según lo que esté detrás de la conducta.",
            ),
            (
                "¿Y si no estoy seguro de querer dejar de hacerlo?",
                "Ese es un punto de partida honesto. La terapia no le exige llegar totalmente decidido a parar. Solo requiere la disposición de explorar lo que está pasando y qué más podría ayudarle. Un buen terapeuta le acompaña desde donde usted está.",
            ),
            (
                "¿Cómo debo responder si alguien me cuenta que se autolesiona?",
                "Con calma, sin pánico y sin juzgar. Muestre su preocupación sin ultimátums. Escuche más de lo que aconseja. Anímele a hablar con un profesional y ofrézcase a ayudarle a encontrar apoyo. Evite que sienta que tiene que hacerse cargo de su reacción ante lo que le contó.",
            ),
        ],
    },
    {
        "slug": "anxiety",
        "title": "Ansiedad",
        "name_in_sentence": "la ansiedad",
        "headline": "La ansiedad es su mente tratando de protegerle. La terapia le ayuda a aprender cuándo puede descansar.",
        "summary": "Cuando la preocupación no se apaga, la vida diaria puede sentirse como una alarma constante. La terapia puede ayudarle a aprender cuándo es seguro descansar.",
        "intro": "La ansiedad no es un defecto de carácter ni una señal de que usted no se esfuerza lo suficiente. Es un sistema nervioso que trabaja de más: busca peligros, se prepara para lo peor y le cuesta apagarse. En Ellie Mental Health, vemos la ansiedad como algo que tiene sentido según lo que usted ha vivido, y como algo que puede cambiar con el apoyo adecuado.",
        "feelings_intro": "La ansiedad se manifiesta tanto en el cuerpo como en la mente, y se ve distinta en cada persona. Lo común es sentir que la preocupación ha empezado a tomar el control.",
        "feelings": [
            "Una preocupación difícil de apagar, aunque sepa que es desproporcionada",
            "El corazón acelerado, opresión en el pecho, malestar estomacal o dificultad para respirar",
            "Quedarse despierto porque la mente no se calma",
            "Evitar lugares, personas o tareas por cómo le hacen sentir",
            "Sentirse tenso, irritable o esperando que algo salga mal",
            "Agotamiento por manejarlo todo mientras por fuera parece que está bien",
        ],
        "thoughts": [
            "¿Y si algo sale mal y no puedo con ello?",
            "Debería poder calmarme y ya.",
            "Todos los demás parecen manejar esto sin problema.",
            "Si dejo de preocuparme, se me va a escapar algo importante.",
        ],
        "crisis_notice_text": DEFAULT_CRISIS_NOTICE,
        "causes_intro": "La ansiedad suele desarrollarse por razones comprensibles. Muchas veces empezó como una respuesta sensata al estrés o a la incertidumbre, y siguió activa mucho después de dejar de ser útil.\n\nLa ansiedad puede estar relacionada con:",
        "causes": [
            "Largos periodos de estrés en el trabajo, en la escuela o en casa",
            "Experiencias difíciles o aterradoras, recientes o de hace mucho tiempo",
            "Haber crecido en un ambiente que se sentía impredecible o inseguro",
            "El temperamento y la historia familiar",
            "Preocupaciones de salud, grandes cambios en la vida o presiones económicas",
            "Depresión, trauma u otras condiciones que se presentan al mismo tiempo",
        ],
        "support_intro": "Pedir ayuda cuando tiene ansiedad puede sentirse como una preocupación más. En Ellie trabajamos para que ese primer paso sea más sencillo.",
        "support": [
            (
                "Sin juicios",
                "Tratamos la ansiedad como algo real y comprensible, nunca como algo que usted simplemente debería superar",
            ),
            (
                "Terapeutas adecuados para usted",
                "Le ponemos en contacto con profesionales con experiencia en ansiedad y en los enfoques que más ayudan",
            ),
            (
                "Herramientas prácticas",
                "La terapia desarrolla habilidades que puede usar en los momentos en que aparece la ansiedad, no solo en la sesión",
            ),
            INSURANCE_CLARITY,
            (
                "Telesalud disponible",
                "Muchas de nuestras ubicaciones ofrecen sesiones virtuales, lo que puede facilitar el comienzo cuando salir de casa cuesta",
            ),
            (
                "La confianza importa",
                "Sentirse a gusto con su terapeuta es parte de lo que hace que el trabajo funcione",
            ),
        ],
        "faqs": [
            (
                "¿Cómo sé si mi ansiedad es lo bastante fuerte como para ir a terapia?",
                "No hay un límite que tenga que alcanzar. Si la preocupación, el miedo o la tensión están afectando su sueño, su trabajo, sus relaciones o las cosas que disfruta, eso es razón suficiente para hablar con alguien. Muchas personas esperan años antes de pedir ayuda; usted no tiene que esperar.",
            ),
            (
                "¿Qué tipo de terapia ayuda con la ansiedad?",
                "La terapia cognitivo-conductual (TCC) es uno de los enfoques más estudiados para la ansiedad. Le ayuda a notar patrones de pensamiento ansiosos y a enfrentar poco a poco lo que ha estado evitando, a un ritmo que se sienta manejable. La terapia de aceptación y compromiso (ACT, por sus siglas en inglés) le ayuda a hacer espacio para las emociones difíciles mientras avanza hacia lo que le importa. Su terapeuta adaptará el enfoque a usted.",
            ),
            (
                "¿Tendré que enfrentar mis miedos de inmediato?",
                "No. Cualquier trabajo para enfrentar los miedos se hace de forma gradual y con su acuerdo. Su terapeuta empezará por entender su ansiedad junto con usted y por desarrollar habilidades para calmar el cuerpo y la mente antes de que nada se sienta como un reto.",
            ),
            (
                "¿Los ataques de pánico tienen tratamiento?",
                "Sí. Los ataques de pánico dan mucho miedo, pero se pueden tratar muy bien. La terapia le ayuda a entender lo que pasa en su cuerpo durante un ataque de pánico, reduce el miedo al siguiente y desarrolla habilidades que ayudan a que los ataques pasen más rápido y ocurran con menos frecuencia. Si tiene dolor en el pecho o dificultad para respirar y no está seguro de si es pánico, busque atención médica.",
            ),
            (
                "¿La terapia puede ayudar si también tomo medicamentos?",
                "Sí. La terapia y los medicamentos suelen funcionar bien juntos, y muchas personas usan ambos. Si usted quiere, su terapeuta puede coordinarse con quien le receta, y puede hablar con usted sobre las opciones si tiene curiosidad sobre los medicamentos.",
            ),
        ],
    },
    {
        "slug": "depression",
        "title": "Depresión",
        "name_in_sentence": "la depresión",
        "headline": "La depresión no es un fracaso personal. Pesa mucho, y no tiene que cargarla solo.",
        "summary": "La depresión puede quitarle el color a la vida diaria. Tiene tratamiento, y la terapia puede ayudarle a volver a sentirse usted, paso a paso.",
        "intro": "La depresión es más que tristeza, y no es algo de lo que uno pueda salir con solo proponérselo. Puede afectar su energía, su sueño, su forma de pensar y la manera en que se ve a sí mismo. En Ellie Mental Health, abordamos la depresión con paciencia y cuidado, y con la confianza real de que las cosas pueden mejorar.",
        "feelings_intro": "Desde afuera, la depresión puede pasar desapercibida. Muchas personas siguen yendo al trabajo o a la escuela mientras por dentro se sienten vacías o agotadas.",
        "feelings": [
            "Un estado de ánimo bajo, pesado o apagado que dura semanas",
            "Perder el interés en cosas que antes importaban o traían alegría",
            "Dormir mucho más o mucho menos de lo habitual",
            "Sentirse agotado aunque no haya hecho mucho",
            "Dificultad para concentrarse o para tomar decisiones pequeñas",
            "Alejarse de las personas, incluso de las que quiere",
        ],
        "thoughts": [
            "¿Para qué intentarlo?",
            "Soy una carga para las personas que me rodean.",
            "Debería poder con esto yo solo.",
            "Nada va a cambiar nunca.",
        ],
        "crisis_notice_text": "A veces la depresión trae pensamientos de suicidio o de no querer estar aquí. Si tiene pensamientos así o siente que puede estar en peligro, llame o envíe un mensaje de texto al 988 (en español, marque 2 o escriba AYUDA), o llame al 911 y vaya a la sala de emergencias más cercana. Usted merece apoyo ahora mismo.",
        "causes_intro": "La depresión rara vez tiene una sola causa. Por lo general surge de una combinación de lo que está pasando en su vida, lo que ha vivido y la forma en que su cuerpo y su cerebro responden al estrés.\n\nLa depresión puede estar relacionada con:",
        "causes": [
            "Una pérdida, un duelo o un cambio importante en la vida",
            "Estrés continuo, soledad o aislamiento",
            "Una historia de trauma, abuso o negligencia",
            "Antecedentes familiares de depresión u otras condiciones de salud mental",
            "Condiciones de salud física, cambios hormonales o dolor crónico",
            "Ansiedad, consumo de sustancias u otras condiciones que se presentan al mismo tiempo",
        ],
        "support_intro": "Cuando tiene depresión, incluso buscar un terapeuta puede sentirse como demasiado. En Ellie trabajamos para quitarle de encima todo el peso que podamos.",
        "support": [
            (
                "Sin juicios",
                "Recibimos la depresión con compasión, no con consejos de que simplemente piense en positivo",
            ),
            (
                "Terapeutas adecuados para usted",
                "Le ponemos en contacto con profesionales con experiencia en el tratamiento de la depresión",
            ),
            (
                "Un ritmo constante",
                "La terapia avanza a un ritmo que se ajusta a su energía, con pasos pequeños y realistas",
            ),
            INSURANCE_CLARITY,
            (
                "Telesalud disponible",
                "Muchas de nuestras ubicaciones ofrecen sesiones virtuales para los días en que salir de casa cuesta",
            ),
            (
                "La confianza importa",
                "Una buena relación con su terapeuta es una de las señales más claras de que usted se sentirá mejor",
            ),
        ],
        "faqs": [
            (
                "¿Cómo sé si es depresión o solo una mala racha?",
                "Todos tenemos días malos. La depresión suele durar más —la mayoría de los días durante dos semanas o más— y afecta el sueño, la energía, la concentración y el interés en las cosas que antes disfrutaba. No necesita estar seguro antes de pedir ayuda. Un terapeuta puede ayudarle a entender lo que está viviendo.",
            ),
            (
                "¿Qué tipo de terapia ayuda con la depresión?",
                "Varios enfoques tienen buen respaldo en la investigación. La terapia cognitivo-conductual (TCC) observa los vínculos entre pensamientos, emociones y acciones, y le ayuda a reconstruir rutinas que mejoran su estado de ánimo. La terapia de aceptación y compromiso (ACT, por sus siglas en inglés) le ayuda a reconectarse con lo que le importa. La terapia psicodinámica explora cómo las experiencias y los patrones del pasado influyen en cómo se siente hoy. Su terapeuta le ayudará a encontrar lo que mejor le funcione.",
            ),
            (
                "¿Y si no tengo energía para ir a terapia?",
                "Eso es muy común con la depresión, y está bien empezar poco a poco. Las sesiones pueden ser en línea, y su terapeuta trabajará a un ritmo realista para usted. Llegar tal como está es suficiente.",
            ),
            (
                "¿Debería tomar medicamentos para la depresión?",
                "A algunas personas los medicamentos les ayudan, sobre todo junto con la terapia. Es una decisión personal que conviene tomar con un profesional que recete y que conozca su historia. Su terapeuta puede hablar de las opciones con usted y coordinar la atención si usted lo desea.",
            ),
            (
                "¿Siempre me voy a sentir así?",
                "La depresión es una de las condiciones de salud mental que mejor responden al tratamiento, y la mayoría de las personas que reciben apoyo se sienten notablemente mejor. La recuperación no siempre es en línea recta, pero con la ayuda adecuada ese peso puede aligerarse.",
            ),
        ],
    },
]


def grant_permissions(apps, schema_editor):
    create_permissions(
        global_apps.get_app_config("conditions"),
        apps=apps,
        verbosity=0,
        using=schema_editor.connection.alias,
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="conditions", codename__in=codenames)
    )


def add_spanish_pages(apps, schema_editor):
    Condition = apps.get_model("conditions", "Condition")
    ConditionTranslation = apps.get_model("conditions", "ConditionTranslation")
    TranslationItem = apps.get_model("conditions", "TranslationItem")
    for page in PAGES:
        condition = Condition.objects.filter(slug=page["slug"]).first()
        if condition is None or condition.translations.filter(language="es").exists():
            continue
        translation = ConditionTranslation.objects.create(
            condition=condition,
            language="es",
            title=page["title"],
            name_in_sentence=page["name_in_sentence"],
            headline=page["headline"],
            summary=page["summary"],
            intro=page["intro"],
            feelings_intro=page["feelings_intro"],
            crisis_notice_text=page["crisis_notice_text"],
            causes_intro=page["causes_intro"],
            support_intro=page["support_intro"],
            faq_intro=FAQ_INTRO,
            is_published=True,
        )
        items = []
        for section, entries in (
            ("feeling", page["feelings"]),
            ("thought", page["thoughts"]),
            ("cause", page["causes"]),
        ):
            items += [
                TranslationItem(translation=translation, section=section, order=10 * n, text=text)
                for n, text in enumerate(entries, start=1)
            ]
        for section, entries in (("support", page["support"]), ("faq", page["faqs"])):
            items += [
                TranslationItem(
                    translation=translation,
                    section=section,
                    order=10 * n,
                    title=title,
                    text=text,
                )
                for n, (title, text) in enumerate(entries, start=1)
            ]
        TranslationItem.objects.bulk_create(items)


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0005_condition_translations"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
        migrations.RunPython(add_spanish_pages, migrations.RunPython.noop),
    ]
