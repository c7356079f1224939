"""The first condition pages: self-harm (the practice's original page) and five more.

The text lives here, in the repository, so a fresh database has the pages. Pages that
already exist (by slug) are left alone: an editor's changes are never overwritten.

Safe-messaging: no methods, tools or injuries are described; every page points to help
and to recovery, and every page shows the crisis notice.
"""

from django.db import migrations

FAQ_INTRO = (
    "Not sure what to expect? These are the questions people ask us before they get started."
)
DEFAULT_CRISIS_NOTICE = (
    "If you are having thoughts of suicide or feel you may be in danger, please call or text "
    "988 or call 911 and go to your nearest emergency room."
)
INSURANCE_CLARITY = ("Insurance clarity", "We help you understand your coverage before you start")

PAGES = [
    {
        "slug": "self-harm",
        "title": "Self-harm",
        "name_in_sentence": "self-harm",
        "headline": "Self-harm is a signal that something hurts. Therapy helps you find another way through it.",
        "summary": "Self-harm is often a private way of coping with pain that feels too big. Therapy can help you find another way through, without judgment.",
        "intro": "Self-harm is not about seeking attention. For most people, it is a private coping strategy for emotional pain that feels too intense to manage any other way. At Ellie Mental Health, we approach self-harm without judgment — with genuine curiosity about what is underneath and real support for finding something more sustainable.",
        "feelings_intro": "Self-harm means different things to different people, and the reasons behind it vary. What is consistent is that it usually signals emotional pain that needs attention.",
        "feelings": [
            "A way to release emotions that feel too big to contain or express any other way",
            "A method for feeling something real when numbness has taken over",
            "A way to externalize internal pain that feels invisible to everyone else",
            "Something that works in the moment even when you know it is not good for you long term",
            "Shame and secrecy that make it harder to stop, not easier",
            "A habit that has grown over time and feels increasingly difficult to manage alone",
        ],
        "thoughts": [
            "It’s the only thing that actually helps when things get too much.",
            "I’m ashamed of it but I don’t know how to stop.",
            "Nobody would understand.",
            "It’s not that bad — it’s not like I’m trying to die.",
        ],
        "crisis_notice_text": "If you are having thoughts of suicide or feel you may be in danger, please call or text 988 or call 911 and go to your nearest emergency room. This page is for non-suicidal self-injury — self-harm as a coping behavior — but both deserve care and support.",
        "causes_intro": "Self-harm is most commonly a coping mechanism — a way of managing emotional states that feel unbearable or unmanageable. It is not irrational from the perspective of someone in acute distress. It is a solution that creates its own problems over time.\n\nSelf-harm may be connected to:",
        "causes": [
            "Difficulty tolerating or regulating intense emotions",
            "A history of trauma, abuse, or emotional invalidation",
            "Feeling disconnected or numb and using pain to feel present",
            "Overwhelming stress, shame, or self-directed anger",
            "Depression, anxiety, BPD, PTSD, or other co-occurring concerns",
            "Feeling like there is no other way to communicate the depth of pain",
        ],
        "support_intro": "Talking about self-harm requires courage and trust. Ellie works to make that as safe and low-pressure as possible.",
        "support": [
            (
                "No judgment",
                "Self-harm is approached with compassion and clinical seriousness, not shame or alarm",
            ),
            (
                "Therapist matching",
                "We connect you with clinicians experienced in working with self-harm and the emotional pain driving it",
            ),
            (
                "Skills-based support",
                "Building alternative coping tools is central to the therapeutic work",
            ),
            INSURANCE_CLARITY,
            (
                "Telehealth available",
                "Many locations offer virtual sessions for added privacy and accessibility",
            ),
            (
                "Fit matters",
                "Finding a therapist you trust is especially important for this kind of work",
            ),
        ],
        "faqs": [
            (
                "Does self-harm mean someone is suicidal?",
                "Not necessarily. Non-suicidal self-injury (NSSI) is self-harm carried out without intent to end one’s life — it is typically a coping strategy for emotional pain. That said, self-harm does increase risk over time, and anyone who is having thoughts of suicide should reach out to a crisis line or emergency services immediately.",
            ),
            (
                "If I tell a therapist about self-harm, will they have to tell someone?",
                "Confidentiality rules vary depending on age and circumstances. In general, therapists are required to break confidentiality only when there is imminent risk of serious harm. For non-suicidal self-harm, many therapists can work with you confidentially. This is worth discussing directly with your therapist at the start of treatment.",
            ),
            (
                "What kind of therapy helps with self-harm?",
                "Dialectical Behavior Therapy (DBT) is one of the most well-researched approaches for self-harm, particularly when emotional dysregulation is a core factor. It builds practical skills for tolerating distress and regulating emotions without self-harm. Other trauma-informed and cognitive approaches are also used depending on what is driving the behavior.",
            ),
            (
                "What if I’m not sure I want to stop?",
                "That is an honest place to start. Therapy does not require you to arrive fully committed to stopping. It requires only a willingness to explore what is happening and what else might help. A good therapist meets you where you are.",
            ),
            (
                "How should I respond if someone tells me they self-harm?",
                "Calmly, without panic or judgment. Express concern without ultimatums. Listen more than you advise. Encourage them to speak with a professional, and offer to help them find support. Avoid making them feel like they need to manage your reaction to the disclosure.",
            ),
        ],
        "specialties": ["self-harm"],
        "modalities": ["dbt"],
    },
    {
        "slug": "anxiety",
        "title": "Anxiety",
        "name_in_sentence": "anxiety",
        "headline": "Anxiety is your mind trying to protect you. Therapy helps it learn when it can rest.",
        "summary": "When worry won’t switch off, everyday life can feel like a constant alarm. Therapy can help your mind and body learn when it is safe to rest.",
        "intro": "Anxiety is not a character flaw or a sign that you are not trying hard enough. It is a nervous system working overtime — scanning for danger, preparing for the worst, and struggling to switch off. At Ellie Mental Health, we treat anxiety as something that makes sense given what you have been through, and as something that can change with the right support.",
        "feelings_intro": "Anxiety shows up in the body as much as in the mind, and it looks different from one person to the next. What is common is the sense that worry has started to run the show.",
        "feelings": [
            "Worry that is hard to turn off, even when you know it is out of proportion",
            "A racing heart, a tight chest, an upset stomach, or trouble catching your breath",
            "Lying awake because your mind will not slow down",
            "Avoiding places, people, or tasks because of how they make you feel",
            "Feeling on edge, irritable, or braced for something to go wrong",
            "Exhaustion from managing it all while looking fine on the outside",
        ],
        "thoughts": [
            "What if something goes wrong and I can’t handle it?",
            "I should be able to just calm down.",
            "Everyone else seems to manage this without any trouble.",
            "If I stop worrying, I’ll miss something important.",
        ],
        "crisis_notice_text": DEFAULT_CRISIS_NOTICE,
        "causes_intro": "Anxiety usually develops for understandable reasons. Often it began as a sensible response to stress or uncertainty and kept going long after it stopped being useful.\n\nAnxiety may be connected to:",
        "causes": [
            "Long periods of stress at work, at school, or at home",
            "Difficult or frightening experiences, recent or long ago",
            "Growing up in an environment that felt unpredictable or unsafe",
            "Temperament and family history",
            "Health worries, big life changes, or money pressure",
            "Depression, trauma, or other co-occurring concerns",
        ],
        "support_intro": "Reaching out when you are anxious can feel like one more thing to worry about. Ellie works to make that first step simpler.",
        "support": [
            (
                "No judgment",
                "Anxiety is treated as real and understandable, never as something you should just get over",
            ),
            (
                "Therapist matching",
                "We connect you with clinicians experienced in anxiety and in the approaches that help most",
            ),
            (
                "Practical tools",
                "Therapy builds skills you can use in the moments anxiety shows up, not only in session",
            ),
            INSURANCE_CLARITY,
            (
                "Telehealth available",
                "Many locations offer virtual sessions, which can make starting easier when leaving home feels hard",
            ),
            (
                "Fit matters",
                "Feeling at ease with your therapist is part of what makes the work effective",
            ),
        ],
        "faqs": [
            (
                "How do I know if my anxiety is bad enough for therapy?",
                "There is no threshold you need to reach. If worry, fear, or tension is getting in the way of your sleep, work, relationships, or the things you enjoy, that is reason enough to talk to someone. Many people wait years before reaching out; you do not have to.",
            ),
            (
                "What kind of therapy helps with anxiety?",
                "Cognitive Behavioral Therapy (CBT) is one of the most well-researched approaches for anxiety. It helps you notice anxious patterns of thinking and gradually face what you have been avoiding, at a pace that feels manageable. Acceptance and Commitment Therapy (ACT) helps you make room for difficult feelings while moving toward what matters to you. Your therapist will tailor the approach to you.",
            ),
            (
                "Will I have to face my fears right away?",
                "No. Any work on facing fears happens gradually and with your agreement. Your therapist will start by understanding your anxiety with you and building skills for calming your body and mind before anything feels like a stretch.",
            ),
            (
                "Can panic attacks be treated?",
                "Yes. Panic attacks are frightening, but they are very treatable. Therapy helps you understand what is happening in your body during a panic attack, lowers the fear of the next one, and builds skills that help attacks pass more quickly and come less often. If you have chest pain or trouble breathing and are not sure whether it is panic, seek medical care.",
            ),
            (
                "Can therapy help if I also take medication?",
                "Yes. Therapy and medication often work well together, and many people use both. Your therapist can coordinate with your prescriber if you would like, and can talk with you about options if you are curious about medication.",
            ),
        ],
        "specialties": ["anxiety"],
        "modalities": ["cbt", "act"],
    },
    {
        "slug": "depression",
        "title": "Depression",
        "name_in_sentence": "depression",
        "headline": "Depression is not a personal failing. It is heavy, and you do not have to carry it alone.",
        "summary": "Depression can drain the color from everyday life. It is treatable, and therapy can help you feel more like yourself again, one step at a time.",
        "intro": "Depression is more than sadness, and it is not something you can simply snap out of. It can affect your energy, your sleep, your thinking, and the way you see yourself. At Ellie Mental Health, we approach depression with patience and care — and with real confidence that things can get better.",
        "feelings_intro": "Depression can look quiet from the outside. Many people keep going to work or school while feeling empty or worn down inside.",
        "feelings": [
            "A low, heavy, or flat mood that lingers for weeks",
            "Losing interest in things that used to matter or bring joy",
            "Sleeping much more or much less than usual",
            "Feeling exhausted even when you have not done much",
            "Difficulty concentrating or making small decisions",
            "Pulling away from people, even the ones you care about",
        ],
        "thoughts": [
            "What’s the point of trying?",
            "I’m a burden to the people around me.",
            "I should be able to handle this on my own.",
            "Nothing is ever going to change.",
        ],
        "crisis_notice_text": "Depression can sometimes bring thoughts of suicide or of not wanting to be here. If you are having thoughts like these or feel you may be in danger, please call or text 988 or call 911 and go to your nearest emergency room. You deserve support right now.",
        "causes_intro": "Depression rarely has a single cause. It usually grows out of a mix of what is happening in your life, what you have lived through, and how your body and brain respond to stress.\n\nDepression may be connected to:",
        "causes": [
            "Loss, grief, or a major life change",
            "Ongoing stress, loneliness, or isolation",
            "A history of trauma, abuse, or neglect",
            "Family history of depression or other mental health concerns",
            "Physical health conditions, hormonal changes, or chronic pain",
            "Anxiety, substance use, or other co-occurring concerns",
        ],
        "support_intro": "When you are depressed, even finding a therapist can feel like too much. Ellie works to take as much of that weight off you as we can.",
        "support": [
            (
                "No judgment",
                "Depression is met with compassion, not with advice to just think positive",
            ),
            (
                "Therapist matching",
                "We connect you with clinicians experienced in treating depression",
            ),
            (
                "A steady pace",
                "Therapy moves at a pace that fits your energy, with small, realistic steps",
            ),
            INSURANCE_CLARITY,
            (
                "Telehealth available",
                "Many locations offer virtual sessions for the days when leaving home is hard",
            ),
            (
                "Fit matters",
                "A good relationship with your therapist is one of the strongest predictors of feeling better",
            ),
        ],
        "faqs": [
            (
                "How do I know if it’s depression or just a rough patch?",
                "Everyone has low days. Depression tends to last longer — most days for two weeks or more — and to affect sleep, energy, concentration, and interest in things you used to enjoy. You do not need to be sure before reaching out. A therapist can help you make sense of what you are experiencing.",
            ),
            (
                "What kind of therapy helps with depression?",
                "Several approaches are well supported by research. Cognitive Behavioral Therapy (CBT) looks at the links between thoughts, feelings, and actions and helps you rebuild routines that lift your mood. Acceptance and Commitment Therapy (ACT) helps you reconnect with what matters to you. Psychodynamic therapy explores how past experiences and patterns shape how you feel now. Your therapist will help you find the right fit.",
            ),
            (
                "What if I don’t have the energy for therapy?",
                "That is very common with depression, and it is okay to start small. Sessions can be online, and your therapist will work at a pace that is realistic for you. Showing up as you are is enough.",
            ),
            (
                "Should I take medication for depression?",
                "For some people medication helps, especially alongside therapy. It is a personal decision best made with a prescriber who knows your history. Your therapist can talk through the options with you and coordinate care if you would like.",
            ),
            (
                "Will I always feel this way?",
                "Depression is one of the most treatable mental health conditions, and most people who get support feel meaningfully better. Recovery is not always a straight line, but with the right help the heaviness can lift.",
            ),
        ],
        "specialties": ["depression"],
        "modalities": ["cbt", "act", "psychodynamic"],
    },
    {
        "slug": "trauma-ptsd",
        "title": "Trauma and PTSD",
        "name_in_sentence": "trauma and PTSD",
        "headline": "What happened to you matters. Therapy can help your mind and body feel safe again.",
        "summary": "Trauma can leave your mind and body on alert long after the danger has passed. Trauma-focused therapy, at your pace, can help you feel safe again.",
        "intro": "Trauma is not only about what happened. It is about how an experience overwhelmed your ability to cope, and how your mind and body have been trying to protect you ever since. At Ellie Mental Health, we work with trauma carefully and at your pace — you never have to share more than you are ready to.",
        "feelings_intro": "Trauma responses are the mind and body’s way of trying to keep you safe. They can make complete sense and still get in the way of the life you want.",
        "feelings": [
            "Memories, images, or dreams that return when you do not want them to",
            "Feeling constantly on guard, easily startled, or unable to relax",
            "Avoiding people, places, or conversations that bring back reminders",
            "Feeling numb, detached, or far away from your own life",
            "Strong reactions that seem bigger than the moment in front of you",
            "Trouble trusting others or feeling safe in relationships",
        ],
        "thoughts": [
            "I should be over this by now.",
            "It wasn’t that bad — other people have been through worse.",
            "It was my fault.",
            "I don’t feel safe anywhere.",
        ],
        "crisis_notice_text": DEFAULT_CRISIS_NOTICE,
        "causes_intro": "Trauma can follow a single event or build up over months and years. Two people can go through the same thing and respond very differently, and neither response is a sign of weakness.\n\nTrauma and PTSD may be connected to:",
        "causes": [
            "Abuse, assault, or violence, whether recent or in childhood",
            "Accidents, disasters, or sudden medical emergencies",
            "The sudden loss of someone close to you",
            "Military service or work as a first responder",
            "Ongoing neglect, discrimination, or living somewhere that did not feel safe",
            "Witnessing harm come to someone else",
        ],
        "support_intro": "Trusting someone with your story takes time. Ellie works to make the first steps feel safe and in your control.",
        "support": [
            (
                "No judgment",
                "Your reactions are treated as understandable responses to what you have lived through",
            ),
            (
                "Therapist matching",
                "We connect you with clinicians trained in trauma-focused therapies",
            ),
            (
                "Your pace",
                "You decide what to talk about and when; safety and stability come first",
            ),
            INSURANCE_CLARITY,
            (
                "Telehealth available",
                "Many locations offer virtual sessions, so you can work from a space where you feel safe",
            ),
            ("Fit matters", "Feeling safe with your therapist is the foundation of trauma work"),
        ],
        "faqs": [
            (
                "Do I have to talk about what happened in detail?",
                "No. You stay in control of what you share. Many trauma-focused therapies begin with building safety and coping skills, and some, like EMDR, do not require you to describe the experience in detail at all.",
            ),
            (
                "What is the difference between trauma and PTSD?",
                "Trauma describes an experience that overwhelmed your ability to cope, and the impact it left. Post-traumatic stress disorder (PTSD) is a diagnosis for when certain responses — such as unwanted memories, avoidance, and feeling constantly on alert — continue for more than a month and affect daily life. You do not need a diagnosis to deserve support.",
            ),
            (
                "What kind of therapy helps with trauma?",
                "Eye Movement Desensitization and Reprocessing (EMDR) and Cognitive Processing Therapy (CPT) are two of the most well-researched approaches for PTSD. EMDR helps the brain process distressing memories so they feel less raw. CPT helps you work through beliefs that formed after the trauma, such as self-blame. Your therapist will help you choose what fits.",
            ),
            (
                "What if it happened a long time ago?",
                "It is never too late. Experiences from childhood or from many years ago can still shape how you feel today, and therapy can help no matter how much time has passed.",
            ),
            (
                "Will therapy make me feel worse before I feel better?",
                "Some sessions can bring up hard feelings, and that is a normal part of healing. A good trauma therapist watches closely for this, builds coping skills with you first, and adjusts the pace so the work stays manageable.",
            ),
        ],
        "specialties": ["trauma-ptsd"],
        "modalities": ["emdr", "cpt"],
    },
    {
        "slug": "borderline-personality-disorder",
        "title": "Borderline personality disorder",
        "name_in_sentence": "borderline personality disorder",
        "headline": "Intense emotions are not a flaw in who you are. Therapy helps you build a steadier life.",
        "summary": "Borderline personality disorder can make emotions and relationships feel overwhelming. It is very treatable, and therapy such as DBT helps.",
        "intro": "Borderline personality disorder (BPD) is one of the most misunderstood mental health conditions, and people living with it often carry a lot of stigma. The truth is hopeful: BPD is very treatable, and many people find that their symptoms ease a great deal with the right therapy. At Ellie Mental Health, we approach BPD with warmth, respect, and clinical skill.",
        "feelings_intro": "BPD is often described as feeling emotions at full volume. What is consistent is how exhausting and painful those swings can be, both for you and for your relationships.",
        "feelings": [
            "Emotions that rise quickly and take a long time to settle",
            "An intense fear of being abandoned or left out",
            "Relationships that feel very close one moment and very painful the next",
            "A shifting sense of who you are or what you want",
            "Acting on impulse when emotions run high, and regretting it later",
            "Long stretches of feeling empty",
        ],
        "thoughts": [
            "Everyone is going to leave eventually.",
            "I feel too much, and I don’t know how to make it stop.",
            "I don’t know who I really am.",
            "I’m too much for people.",
        ],
        "crisis_notice_text": "People living with BPD can have urges to hurt themselves or thoughts of suicide, especially in intense emotional moments. If you are having thoughts of suicide or feel you may be in danger, please call or text 988 or call 911 and go to your nearest emergency room.",
        "causes_intro": "BPD usually develops from a combination of temperament and environment. Many people with BPD are naturally sensitive and grew up somewhere their feelings were not understood or supported.\n\nBorderline personality disorder may be connected to:",
        "causes": [
            "A naturally high emotional sensitivity",
            "Growing up where feelings were dismissed, punished, or ignored",
            "Childhood trauma, abuse, neglect, or early separation from caregivers",
            "Family history of BPD or related mental health concerns",
            "Unstable or unpredictable relationships early in life",
            "Depression, anxiety, PTSD, or other co-occurring concerns",
        ],
        "support_intro": "Many people with BPD have felt judged by the very systems meant to help them. Ellie works to make care feel respectful and steady.",
        "support": [
            (
                "No judgment",
                "BPD is treated as a real and treatable condition, not a label that defines you",
            ),
            (
                "Therapist matching",
                "We connect you with clinicians experienced with BPD and trained in DBT",
            ),
            (
                "Skills-based support",
                "Therapy builds concrete skills for emotions, relationships, and moments of distress",
            ),
            INSURANCE_CLARITY,
            (
                "Telehealth available",
                "Many locations offer virtual sessions, which makes regular appointments easier to keep",
            ),
            (
                "Fit matters",
                "A steady, trusting relationship with your therapist is central to this work",
            ),
        ],
        "faqs": [
            (
                "Is BPD treatable?",
                "Yes. BPD was once thought to be lifelong and hard to treat, but research now shows the opposite. Many people who receive effective therapy see their symptoms ease significantly, and many no longer meet the criteria for BPD over time.",
            ),
            (
                "What is DBT?",
                "Dialectical Behavior Therapy (DBT) was developed specifically for BPD. It teaches skills in four areas: mindfulness, tolerating distress, regulating emotions, and communicating in relationships. It balances accepting yourself as you are with working toward change.",
            ),
            (
                "Do I need a diagnosis to get help?",
                "No. Many people come to therapy because intense emotions or painful relationships are getting in the way, without any diagnosis. Your therapist can talk with you about whether BPD fits your experience, and treatment focuses on what you need either way.",
            ),
            (
                "How can I support someone with BPD?",
                "Stay consistent, validate their feelings even when you disagree with their reaction, and set clear, kind boundaries. Learning about BPD helps, and so does looking after yourself. Family members can benefit from their own support too, including family sessions or DBT skills groups for loved ones.",
            ),
        ],
        "specialties": ["borderline-personality"],
        "modalities": ["dbt"],
    },
    {
        "slug": "eating-disorders",
        "title": "Eating disorders",
        "name_in_sentence": "eating disorders",
        "headline": "Your relationship with food and your body can heal. You deserve care, at any size.",
        "summary": "Eating disorders affect people of every age, gender, and body size. Recovery is possible, and therapy can help you heal your relationship with food.",
        "intro": "Eating disorders are serious mental health conditions, not choices or phases. They affect people of every age, gender, background, and body size — and you do not have to look unwell to be struggling. At Ellie Mental Health, we approach eating disorders with compassion and clinical care, and we believe full recovery is possible.",
        "feelings_intro": "Eating disorders take many forms. What they often share is that food, eating, or body image have come to take up far more space in your mind and your life than you want them to.",
        "feelings": [
            "Thoughts about food, eating, or your body that feel constant or hard to escape",
            "Strict rules around eating that bring anxiety when they are broken",
            "Guilt, shame, or a sense of losing control around food",
            "A sense of worth that rises and falls with how you feel about your body",
            "Keeping your eating private or avoiding meals with others",
            "Using food, or control over food, to cope with difficult emotions",
        ],
        "thoughts": [
            "I’ll feel better about myself once my body changes.",
            "I have to earn what I eat.",
            "I’m not sick enough to need help.",
            "If I let go of control, everything will fall apart.",
        ],
        "crisis_notice_text": "Eating disorders can affect your physical health. If you feel faint, have chest pain, or think you may be in physical danger, call 911 or go to your nearest emergency room. If you are having thoughts of suicide, please call or text 988.",
        "causes_intro": "Eating disorders develop from a mix of biological, psychological, and social factors. They often begin as a way to cope or to feel in control, and then take on a life of their own.\n\nEating disorders may be connected to:",
        "causes": [
            "Genetics and family history",
            "Anxiety, depression, trauma, or other co-occurring concerns",
            "Perfectionism or a strong need for control",
            "Cultural pressure around weight, shape, and appearance",
            "Dieting, bullying, or hurtful comments about your body",
            "Major life transitions, stress, or loss",
        ],
        "support_intro": "Reaching out about an eating disorder can feel frightening, especially if part of you is not sure you want things to change. Ellie works to make that first step feel safe.",
        "support": [
            (
                "No judgment",
                "Eating disorders are met with compassion and respect, at every size and every stage",
            ),
            (
                "Therapist matching",
                "We connect you with clinicians experienced in treating eating disorders",
            ),
            (
                "Coordinated care",
                "Your therapist can work alongside your doctor, a dietitian, or your family as part of one care team",
            ),
            INSURANCE_CLARITY,
            (
                "Telehealth available",
                "Many locations offer virtual sessions for added privacy and accessibility",
            ),
            (
                "Fit matters",
                "Trusting your therapist makes it easier to talk about what feels hardest",
            ),
        ],
        "faqs": [
            (
                "Do I have to be underweight to have an eating disorder?",
                "No. Eating disorders affect people of every body size, and most people with an eating disorder are not underweight. How much you are struggling matters far more than how you look.",
            ),
            (
                "What kind of therapy helps with eating disorders?",
                "Cognitive Behavioral Therapy (CBT), including a version designed for eating disorders, is one of the most well-researched approaches for adults. For teens, family-based treatment, a form of family therapy, has strong evidence. Dialectical Behavior Therapy (DBT) skills can help when emotions drive eating behaviors. Your therapist will recommend what fits your situation.",
            ),
            (
                "Will I need other kinds of care besides therapy?",
                "Often, yes. Eating disorders can affect physical health, so many people work with a doctor and a dietitian alongside their therapist, and some people need more support for a while. Your therapist can help you understand what level of care fits you and connect you with it.",
            ),
            (
                "Can you fully recover from an eating disorder?",
                "Yes. Recovery is possible, and many people go on to have a peaceful relationship with food and their body. It can take time and there may be setbacks along the way, but every step toward support counts.",
            ),
            (
                "How can I help someone I’m worried about?",
                "Talk with them privately and calmly. Focus on your care for them and on how they seem, not on their weight or what they eat. Avoid blame and ultimatums. Encourage them to talk to a professional, and offer to help them find one.",
            ),
        ],
        "specialties": ["eating-disorders"],
        "modalities": ["cbt", "family-therapy", "dbt"],
    },
]


def forwards(apps, schema_editor):
    Condition = apps.get_model("conditions", "Condition")
    ConditionItem = apps.get_model("conditions", "ConditionItem")
    Specialty = apps.get_model("matching", "Specialty")
    Modality = apps.get_model("matching", "Modality")

    for page in PAGES:
        if Condition.objects.filter(slug=page["slug"]).exists():
            continue
        condition = Condition.objects.create(
            slug=page["slug"],
            title=page["title"],
            name_in_sentence=page["name_in_sentence"],
            headline=page["headline"],
            summary=page["summary"],
            intro=page["intro"],
            feelings_intro=page["feelings_intro"],
            crisis_notice_enabled=True,
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
                ConditionItem(condition=condition, section=section, order=10 * n, text=text)
                for n, text in enumerate(entries, start=1)
            ]
        for section, entries in (("support", page["support"]), ("faq", page["faqs"])):
            items += [
                ConditionItem(
                    condition=condition, section=section, order=10 * n, title=title, text=text
                )
                for n, (title, text) in enumerate(entries, start=1)
            ]
        ConditionItem.objects.bulk_create(items)
        condition.specialties.set(Specialty.objects.filter(slug__in=page["specialties"]))
        condition.modalities.set(Modality.objects.filter(slug__in=page["modalities"]))


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0002_content_editors_group"),
        ("matching", "0002_baseline_reference_data"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
