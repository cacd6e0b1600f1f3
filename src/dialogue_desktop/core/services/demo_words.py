"""Bilingual vocabulary for the demo data: names, organisations, themes, needs, actions (Khmer, English).

Invented but plausible; only the programme's own partners (Ministry of Interior, CHRAC, UNDP, the
Embassy of Japan) and public institutions are real names.
"""

from __future__ import annotations

from dialogue_desktop.core.domain.enums import DialogueKind, OrganisationKind, Sector

Pair = tuple[str, str]  # (Khmer, Latin or English)

FAMILY_NAMES: tuple[Pair, ...] = (
    ("សុខ", "Sok"), ("ចាន់", "Chan"), ("កែវ", "Keo"), ("ហេង", "Heng"), ("លី", "Ly"), ("ជា", "Chea"),
    ("ម៉ៅ", "Mao"), ("ពេជ្រ", "Pech"), ("ស៊ុន", "Sun"), ("យឹម", "Yim"), ("ឈឹម", "Chhim"), ("ប៊ុន", "Bun"),
    ("សំ", "Sam"), ("នួន", "Nuon"), ("ទេព", "Tep"), ("អ៊ុំ", "Um"), ("ខៀវ", "Khiev"), ("ណុប", "Nop"),
    ("មាស", "Meas"), ("សោម", "Som"), ("ព្រំ", "Prum"), ("ឡុង", "Long"), ("ងួន", "Nguon"), ("ហ៊ាង", "Hang"),
    ("សេង", "Seng"), ("ផល", "Phal"), ("ឃឹម", "Khim"), ("អ៊ុក", "Ouk"), ("វង្ស", "Vong"), ("តាំង", "Taing"),
)  # fmt: skip

FEMALE_NAMES: tuple[Pair, ...] = (
    ("ស្រីមុំ", "Sreymom"), ("សុភា", "Sophea"), ("ធីតា", "Thida"), ("ស្រីនាង", "Sreyneang"),
    ("សុគន្ធា", "Sokunthea"), ("បុប្ផា", "Bopha"), ("រស្មី", "Raksmey"), ("ដាវី", "Davy"), ("ពិសី", "Pisey"),
    ("សុជាតា", "Socheata"), ("ម៉ាលី", "Maly"), ("ស្រីពៅ", "Sreypov"), ("ចរិយា", "Chariya"),
    ("ស្រីល័ក្ខ", "Sreyleak"), ("កញ្ញា", "Kanha"), ("សុខលី", "Sokly"), ("ណារី", "Nary"), ("សុភាព", "Sopheap"),
    ("លក្ខិណា", "Leakhena"), ("ចន្ថា", "Chantha"), ("វិច្ឆិកា", "Vichhika"), ("ស្រីនិច", "Sreynich"),
)  # fmt: skip

MALE_NAMES: tuple[Pair, ...] = (
    ("ដារ៉ា", "Dara"), ("សុខា", "Sokha"), ("វិចិត្រ", "Vichet"), ("សុផល", "Sophal"), ("វុទ្ធី", "Vuthy"),
    ("សំណាង", "Samnang"), ("បូរ៉ា", "Bora"), ("ពិសិដ្ឋ", "Piseth"), ("វិសាល", "Visal"), ("សុវណ្ណ", "Sovann"),
    ("រិទ្ធី", "Rithy"), ("សុធា", "Sothea"), ("កុសល", "Kosal"), ("មករា", "Makara"), ("វិបុល", "Vibol"),
    ("សម្បត្តិ", "Sambath"), ("ចំរើន", "Chamroeun"), ("រតនា", "Rathana"), ("ភក្តី", "Pheakdey"),
    ("បញ្ញា", "Panha"), ("ធារិទ្ធ", "Theareth"), ("វណ្ណៈ", "Vannak"),
)  # fmt: skip

#: (Khmer, English, weight in Ratanakiri, weight elsewhere)
INDIGENOUS_GROUPS: tuple[tuple[str, str, int, int], ...] = (
    ("ទំពួន", "Tampuan", 30, 0), ("ចារ៉ាយ", "Jarai", 20, 0), ("គ្រឹង", "Kreung", 18, 0),
    ("ព្រៅ", "Brao", 12, 0), ("កាវែត", "Kavet", 8, 0), ("ព្នង", "Bunong", 4, 1), ("កួយ", "Kuy", 2, 2),
    ("ចាម", "Cham", 1, 6),
)  # fmt: skip

POSITIONS: tuple[str, ...] = (
    "សមាជិក", "ប្រធាន", "អនុប្រធាន", "មន្ត្រី", "មេភូមិ", "ស្មៀនឃុំ", "ក្រុមប្រឹក្សាឃុំ", "អ្នកស្ម័គ្រចិត្ត",
    "នាយក", "គ្រូបង្រៀន", "កសិករ", "Programme officer", "Project coordinator", "",
)  # fmt: skip

PHONE_PREFIXES = ("010", "011", "012", "015", "016", "017", "069", "070", "077", "078", "085", "089", "092",
                  "093", "096", "097", "098")  # fmt: skip

# --- organisations ----------------------------------------------------------------------------------------

#: (Khmer, English, acronym, kind): national bodies, no province.
NATIONAL_ORGANISATIONS: tuple[tuple[str, str, str, OrganisationKind], ...] = (
    ("ក្រសួងមហាផ្ទៃ", "Ministry of Interior", "MoI", OrganisationKind.NATIONAL_INSTITUTION),
    ("ក្រសួងកិច្ចការនារី", "Ministry of Women's Affairs", "MoWA", OrganisationKind.NATIONAL_INSTITUTION),
    ("ក្រសួងអប់រំ យុវជន និងកីឡា", "Ministry of Education, Youth and Sport", "MoEYS",
     OrganisationKind.NATIONAL_INSTITUTION),
    ("ក្រសួងសុខាភិបាល", "Ministry of Health", "MoH", OrganisationKind.NATIONAL_INSTITUTION),
    ("ក្រសួងអភិវឌ្ឍន៍ជនបទ", "Ministry of Rural Development", "MRD", OrganisationKind.NATIONAL_INSTITUTION),
    ("ក្រសួងបរិស្ថាន", "Ministry of Environment", "MoE", OrganisationKind.NATIONAL_INSTITUTION),
    ("ក្រសួងរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់", "Ministry of Land Management, Urban Planning and Construction",
     "MLMUPC", OrganisationKind.NATIONAL_INSTITUTION),
    ("ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា", "Ministry of Social Affairs, Veterans and Youth Rehabilitation",
     "MoSVY", OrganisationKind.NATIONAL_INSTITUTION),
    ("សម្ព័ន្ធសកម្មភាពសិទ្ធិមនុស្សកម្ពុជា", "Cambodian Human Rights Action Coalition", "CHRAC", OrganisationKind.CSO),
    ("បណ្តាញយុវជនដើម្បីអភិបាលកិច្ចល្អ", "Youth Network for Good Governance", "YNGG", OrganisationKind.CSO),
    ("សំឡេងស្ត្រីដើម្បីការអភិវឌ្ឍ", "Women's Voice for Development", "WVD", OrganisationKind.CSO),
    ("សម្ព័ន្ធសិទ្ធិជនមានពិការភាព", "Disability Rights Alliance", "DRA", OrganisationKind.CSO),
    ("មជ្ឈមណ្ឌលជំនួយច្បាប់សហគមន៍", "Community Legal Aid Centre", "CLAC", OrganisationKind.CSO),
    ("កម្មវិធីអភិវឌ្ឍន៍សហប្រជាជាតិ", "United Nations Development Programme", "UNDP",
     OrganisationKind.DEVELOPMENT_PARTNER),
    ("ស្ថានទូតជប៉ុនប្រចាំកម្ពុជា", "Embassy of Japan in Cambodia", "EoJ", OrganisationKind.DEVELOPMENT_PARTNER),
    ("វិទ្យាស្ថានស្រាវជ្រាវគោលនយោបាយសាធារណៈ", "Institute for Public Policy Research", "IPPR",
     OrganisationKind.MEDIA_ACADEMIA),
    ("វិទ្យុសហគមន៍សំឡេងជនបទ", "Rural Voices Community Radio", "RVCR", OrganisationKind.MEDIA_ACADEMIA),
    ("សមាគមសហគ្រាសធុនតូច និងមធ្យម", "Association of Small and Medium Enterprises", "ASME",
     OrganisationKind.PRIVATE_SECTOR),
)  # fmt: skip

#: Provincial departments by the sector they answer for: (Khmer stem, English stem, acronym).
DEPARTMENTS: dict[Sector, tuple[str, str, str]] = {
    Sector.HEALTH: ("មន្ទីរសុខាភិបាល", "Provincial Department of Health", "PHD"),
    Sector.EDUCATION: ("មន្ទីរអប់រំ យុវជន និងកីឡា", "Provincial Department of Education, Youth and Sport", "PoEYS"),
    Sector.LAND: ("មន្ទីររៀបចំដែនដី នគរូបនីយកម្ម សំណង់ និងសុរិយោដី", "Provincial Department of Land Management",
                  "PDLM"),
    Sector.ENVIRONMENT: ("មន្ទីរបរិស្ថាន", "Provincial Department of Environment", "PDoE"),
    Sector.WATER_SANITATION: ("មន្ទីរអភិវឌ្ឍន៍ជនបទ", "Provincial Department of Rural Development", "PDRD"),
    Sector.AGRICULTURE: ("មន្ទីរកសិកម្ម រុក្ខាប្រមាញ់ និងនេសាទ", "Provincial Department of Agriculture, Forestry and "
                         "Fisheries", "PDAFF"),
    Sector.SOCIAL_PROTECTION: ("មន្ទីរសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា", "Provincial Department of Social "
                               "Affairs", "DoSVY"),
    Sector.GENDER: ("មន្ទីរកិច្ចការនារី", "Provincial Department of Women's Affairs", "PDoWA"),
    Sector.YOUTH: ("មន្ទីរការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ", "Provincial Department of Labour and Vocational Training",
                   "PDLVT"),
}  # fmt: skip
#: Sectors answered by another sector's department.
DEPARTMENT_OF: dict[Sector, Sector] = {Sector.RURAL_ROADS: Sector.WATER_SANITATION}

#: Provincial CSOs: (Khmer with {p}, English with {p}, acronym).
PROVINCIAL_CSOS: tuple[tuple[str, str, str], ...] = (
    ("អង្គការអភិវឌ្ឍន៍សហគមន៍{p}", "{p} Community Development Organisation", "CDO"),
    ("សមាគមស្ត្រីដើម្បីសន្តិភាព{p}", "{p} Women for Peace Association", "WPA"),
    ("បណ្តាញយុវជន{p}", "{p} Youth Network", "YN"),
    ("គម្រោងទឹកស្អាតជនបទ{p}", "{p} Rural Water Initiative", "RWI"),
)
INDIGENOUS_CSO = ("សមាគមជនជាតិដើមភាគតិចតំបន់ខ្ពង់រាប", "Highland Indigenous Peoples Association", "HIPA")

#: Community-based organisations of a commune: (Khmer with {c}, English with {c}).
CBOS: tuple[Pair, ...] = (
    ("សហគមន៍នេសាទ{c}", "{c} Community Fishery"),
    ("សហគមន៍ព្រៃឈើ{c}", "{c} Community Forest"),
    ("ក្រុមស្ត្រីសន្សំប្រាក់{c}", "{c} Women's Savings Group"),
    ("សមាគមកសិករ{c}", "{c} Farmers' Association"),
)
INDIGENOUS_CBO: Pair = ("សហគមន៍ជនជាតិដើមភាគតិច{c}", "{c} Indigenous Community")

# --- dialogues --------------------------------------------------------------------------------------------

KIND_TITLES: dict[DialogueKind, Pair] = {
    DialogueKind.NATIONAL_FORUM: (
        "វេទិការាជរដ្ឋាភិបាល និងសង្គមស៊ីវិលថ្នាក់ជាតិស្តីពី",
        "National Government–CSO forum on ",
    ),
    DialogueKind.PROVINCIAL: ("កិច្ចសន្ទនាថ្នាក់ខេត្តស្តីពី", "Provincial dialogue on "),
    DialogueKind.DISTRICT: ("កិច្ចសន្ទនាថ្នាក់ស្រុកស្តីពី", "District dialogue on "),
    DialogueKind.COMMUNE: ("កិច្ចសន្ទនាថ្នាក់ឃុំស្តីពី", "Commune dialogue on "),
    DialogueKind.PREPARATORY: ("កិច្ចពិគ្រោះយោបល់ត្រៀមស្តីពី", "Preparatory consultation on "),
}

#: (Khmer, English, sector)
THEMES: tuple[tuple[str, str, Sector], ...] = (
    ("សេវាសុខភាពមូលដ្ឋាន", "basic health services", Sector.HEALTH),
    ("គុណភាពអប់រំបឋមសិក្សា", "the quality of primary education", Sector.EDUCATION),
    ("ការដោះស្រាយវិវាទដីធ្លី", "resolving land disputes", Sector.LAND),
    ("ការការពារព្រៃឈើសហគមន៍", "protecting community forests", Sector.ENVIRONMENT),
    ("ទឹកស្អាត និងអនាម័យ", "clean water and sanitation", Sector.WATER_SANITATION),
    ("ការថែទាំផ្លូវជនបទ", "maintaining rural roads", Sector.RURAL_ROADS),
    ("ប្រព័ន្ធធារាសាស្ត្រខ្នាតតូច", "small-scale irrigation", Sector.AGRICULTURE),
    ("កិច្ចគាំពារសង្គមសម្រាប់គ្រួសារក្រីក្រ", "social protection for poor households", Sector.SOCIAL_PROTECTION),
    ("ការចូលរួមរបស់ពលរដ្ឋក្នុងផែនការអភិវឌ្ឍឃុំ", "citizen participation in commune development planning",
     Sector.LOCAL_GOVERNANCE),
    ("សមភាពយេនឌ័រ និងអំពើហិង្សាក្នុងគ្រួសារ", "gender equality and domestic violence", Sector.GENDER),
    ("ការងារ និងជំនាញវិជ្ជាជីវៈសម្រាប់យុវជន", "jobs and vocational skills for youth", Sector.YOUTH),
    ("សិទ្ធិរបស់ជនជាតិដើមភាគតិចលើដីសហគមន៍", "indigenous peoples' rights to communal land", Sector.LAND),
    ("ការដាក់បញ្ចូលជនមានពិការភាព", "inclusion of persons with disabilities", Sector.SOCIAL_PROTECTION),
    ("ការផ្ដល់សេវាសាធារណៈនៅថ្នាក់ឃុំ", "public services at commune level", Sector.LOCAL_GOVERNANCE),
    ("ការប្រែប្រួលអាកាសធាតុ និងគ្រោះរាំងស្ងួត", "climate change and drought", Sector.ENVIRONMENT),
)  # fmt: skip

#: Agenda: (Khmer, English, shortest and longest minutes); "{t}" is the theme.
AGENDA: tuple[tuple[str, str, int, int], ...] = (
    ("ពិធីបើក និងសុន្ទរកថាស្វាគមន៍", "Opening and welcome remarks", 10, 20),
    ("បទបង្ហាញអំពីគោលបំណងនៃកិច្ចសន្ទនា", "Purpose of the dialogue", 10, 20),
    ("បទបង្ហាញស្តីពី{t}", "Presentation on {t}", 20, 40),
    ("ការពិភាក្សាជាក្រុមអំពីតម្រូវការ", "Group discussion on needs", 45, 75),
    ("សម័យប្រជុំពេញអង្គ៖ សំណួរ និងចម្លើយ", "Plenary: questions and answers", 30, 60),
    ("ការឯកភាពលើផែនការសកម្មភាព", "Agreement on the action plan", 20, 40),
    ("ពិធីបិទ", "Closing remarks", 10, 15),
)

NEEDS: dict[Sector, tuple[Pair, ...]] = {
    Sector.HEALTH: (
        ("មណ្ឌលសុខភាពខ្វះឆ្មប និងថ្នាំពេទ្យ", "The health centre lacks midwives and medicines"),
        ("ផ្លូវទៅមណ្ឌលសុខភាពឆ្ងាយ និងពិបាកធ្វើដំណើរនៅរដូវវស្សា", "The health centre is far and hard to reach in the rainy season"),
    ),
    Sector.EDUCATION: (
        ("សាលារៀនខ្វះគ្រូបង្រៀន និងបន្ទប់រៀន", "The school lacks teachers and classrooms"),
        ("សិស្សជាច្រើនបោះបង់ការសិក្សាដើម្បីធ្វើការ", "Many pupils drop out of school to work"),
    ),
    Sector.LAND: (
        ("ប្រជាពលរដ្ឋមិនទាន់មានប័ណ្ណកម្មសិទ្ធិដីធ្លី", "Families do not yet have land titles"),
        ("វិវាទដីធ្លីជាមួយក្រុមហ៊ុនមិនទាន់ដោះស្រាយ", "A land dispute with a company is unresolved"),
    ),
    Sector.ENVIRONMENT: (
        ("ការកាប់ឈើខុសច្បាប់នៅក្នុងព្រៃសហគមន៍", "Illegal logging in the community forest"),
        ("សំរាមមិនត្រូវបានប្រមូលនៅក្នុងភូមិ", "Waste is not collected in the villages"),
    ),
    Sector.WATER_SANITATION: (
        ("ខ្វះទឹកស្អាតនៅរដូវប្រាំង", "Shortage of clean water in the dry season"),
        ("គ្រួសារជាច្រើនមិនទាន់មានបង្គន់អនាម័យ", "Many households have no latrine"),
    ),
    Sector.RURAL_ROADS: (
        ("ផ្លូវលំខូចខាតធ្ងន់ធ្ងរក្រោយទឹកជំនន់", "The dirt road is badly damaged after the floods"),
        ("ស្ពានឈើនៅភូមិជិតបាក់", "The wooden bridge in the village is about to collapse"),
    ),
    Sector.AGRICULTURE: (
        ("ប្រឡាយទឹកខូច មិនអាចស្រោចស្រពបាន", "The irrigation canal is broken"),
        ("កសិករខ្វះទីផ្សារលក់កសិផល", "Farmers lack markets for their produce"),
    ),
    Sector.SOCIAL_PROTECTION: (
        ("គ្រួសារក្រីក្រខ្លះមិនទាន់មានប័ណ្ណសមធម៌", "Some poor families do not have an equity card"),
        ("ជនមានពិការភាពពិបាកចូលដល់សេវាសាធារណៈ", "Persons with disabilities find it hard to reach public services"),
    ),
    Sector.LOCAL_GOVERNANCE: (
        ("ប្រជាពលរដ្ឋមិនបានដឹងពីថវិកាឃុំ", "Citizens are not informed about the commune budget"),
        ("សេវារដ្ឋបាលនៅឃុំចំណាយពេលយូរ", "Administrative services at the commune take too long"),
    ),
    Sector.GENDER: (
        ("ស្ត្រីមានការចូលរួមតិចក្នុងការសម្រេចចិត្ត", "Few women take part in decision-making"),
        ("អំពើហិង្សាក្នុងគ្រួសារមិនត្រូវបានរាយការណ៍", "Domestic violence goes unreported"),
    ),
    Sector.YOUTH: (
        ("យុវជនខ្វះឱកាសការងារនៅក្នុងខេត្ត", "Young people lack job opportunities in the province"),
        ("យុវជនចង់បានវគ្គបណ្តុះបណ្តាលជំនាញ", "Young people ask for skills training"),
    ),
}  # fmt: skip

#: Per sector: (Khmer, English, indicator)
ACTIONS: dict[Sector, tuple[str, str, str]] = {
    Sector.HEALTH: ("ចាត់តាំងឆ្មបបន្ថែមនៅមណ្ឌលសុខភាព", "Assign an additional midwife to the health centre",
                    "1 midwife working at the health centre"),
    Sector.EDUCATION: ("សាងសង់បន្ទប់រៀនបន្ថែមពីរ", "Build two additional classrooms", "2 classrooms in use"),
    Sector.LAND: ("ចុះវាស់វែង និងចេញប័ណ្ណកម្មសិទ្ធិដីធ្លីជាប្រព័ន្ធ", "Carry out systematic land registration and issue titles",
                  "Land titles handed to the families"),
    Sector.ENVIRONMENT: ("រៀបចំការល្បាតព្រៃសហគមន៍រួមគ្នាប្រចាំខែ", "Organise monthly joint patrols of the community forest",
                         "12 patrols a year, reports shared"),
    Sector.WATER_SANITATION: ("ជីកអណ្តូងស្នប់ចំនួនប្រាំ", "Drill five pump wells", "5 wells in use"),
    Sector.RURAL_ROADS: ("ជួសជុលផ្លូវលំ និងស្ពានមុនរដូវវស្សា", "Repair the road and the bridge before the rainy season",
                         "Road passable all year"),
    Sector.AGRICULTURE: ("ស្តារប្រឡាយធារាសាស្ត្រឡើងវិញ", "Rehabilitate the irrigation canal", "Water reaches 200 ha"),
    Sector.SOCIAL_PROTECTION: ("កំណត់អត្តសញ្ញាណគ្រួសារក្រីក្រឡើងវិញ និងចេញប័ណ្ណសមធម៌",
                               "Re-identify poor households and issue equity cards", "Equity cards issued"),
    Sector.LOCAL_GOVERNANCE: ("បិទផ្សាយថវិកាឃុំនៅសាលាឃុំ និងគ្រប់ភូមិ",
                              "Post the commune budget at the commune hall and in every village",
                              "Budget posted in every village"),
    Sector.GENDER: ("បង្កើតបណ្តាញស្ត្រីដើម្បីទប់ស្កាត់អំពើហិង្សាក្នុងគ្រួសារ",
                    "Set up a women's network against domestic violence", "Network meets every month"),
    Sector.YOUTH: ("រៀបចំវគ្គបណ្តុះបណ្តាលជំនាញវិជ្ជាជីវៈសម្រាប់យុវជន", "Organise vocational skills training for young people",
                   "60 young people trained"),
}  # fmt: skip

DECISIONS: tuple[Pair, ...] = (
    (
        "បញ្ចូលតម្រូវការដែលបានលើកឡើងទៅក្នុងផែនការវិនិយោគឃុំឆ្នាំក្រោយ",
        "Include the needs raised in next year's commune investment plan",
    ),
    ("បង្កើតក្រុមការងារចម្រុះដើម្បីតាមដានការអនុវត្ត", "Set up a joint working group to monitor implementation"),
    ("រៀបចំកិច្ចសន្ទនាតាមដានក្នុងរយៈពេលប្រាំមួយខែ", "Hold a follow-up dialogue within six months"),
    ("ផ្សព្វផ្សាយលទ្ធផលនៃកិច្ចសន្ទនាដល់ប្រជាពលរដ្ឋគ្រប់ភូមិ", "Share the results of the dialogue with every village"),
)

RAISED_BY: tuple[str, ...] = (
    "តំណាងក្រុមស្ត្រី", "តំណាងយុវជន", "មេភូមិ", "តំណាងសហគមន៍", "តំណាងជនមានពិការភាព", "Youth representative",
    "CSO representative", "",
)  # fmt: skip

SUMMARY: tuple[Pair, ...] = (
    ("អ្នកចូលរួមបានពិភាក្សាយ៉ាងសកម្មអំពី{t}។", "Participants discussed {t} actively."),
    (
        "តំណាងស្ត្រី យុវជន និងជនជាតិដើមភាគតិចបានលើកឡើងពីបញ្ហាប្រឈមនៅមូលដ្ឋាន។",
        "Women, youth and indigenous representatives raised local challenges.",
    ),
    ("មន្ទីរជំនាញបានឆ្លើយតប និងសន្យាតាមដានសំណើ។", "The provincial departments answered and promised to follow up."),
    ("អ្នកចូលរួមបានឯកភាពលើផែនការសកម្មភាព។", "Participants agreed on an action plan."),
)

FOLLOW_UP_NOTES: tuple[str, ...] = (
    "បានចាប់ផ្ដើមអនុវត្ត", "Work has started", "Budget approved, contractor chosen", "រង់ចាំថវិកា",
    "Delayed by the rainy season", "បានបញ្ចប់ និងប្រគល់ជូនសហគមន៍", "Completed and handed over", "",
)  # fmt: skip
VISITS: tuple[str, ...] = ("ការចុះពិនិត្យដល់ទីតាំង", "Site visit", "Phone call with the department", "ការចុះជួបសហគមន៍")
