//! Static tables behind the demo generator: makers, models, organisations,
//! categories and the fixture parts that tests rely on.
//!
//! Part-number templates use `#` for a digit of the per-template serial, `@`
//! for a serial letter (from [`SERIAL_LETTERS`]), `?` for a random digit; any
//! other character is literal. Normalized shapes of all templates and fixture
//! numbers are pairwise disjoint (checked by a unit test), which is what makes
//! `(seller, normalize_code(part_number))` unique.

// Modality indexes into `MODALITIES`.
pub(super) const MRI: usize = 0;
pub(super) const CT: usize = 1;
pub(super) const XRAY: usize = 2;
pub(super) const US: usize = 3;
pub(super) const PM: usize = 4;
pub(super) const VENT: usize = 5;
pub(super) const INF: usize = 6;
pub(super) const ANA: usize = 7;
pub(super) const DIA: usize = 8;
pub(super) const DEF: usize = 9;
pub(super) const MAM: usize = 10;
pub(super) const CARM: usize = 11;

/// Letters used for `@` serial positions: no I or O, which read as digits.
pub(super) const SERIAL_LETTERS: &[u8; 24] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

pub(super) struct MakerDef {
    pub name: &'static str,
    pub country: &'static str,
    /// Everyday number formats, chosen at random.
    pub templates: &'static [&'static str],
    /// Used once an everyday template has run out of serials.
    pub wide: &'static str,
}

// Maker indexes into `MAKERS`.
const GE: usize = 0;
const SIEMENS: usize = 1;
const PHILIPS: usize = 2;
const CANON: usize = 3;
const FUJI: usize = 4;
const MINDRAY: usize = 5;
const DRAEGER: usize = 6;
const MEDTRONIC: usize = 7;
const FRESENIUS: usize = 8;
const BBRAUN: usize = 9;
const NIHON: usize = 10;
const HAMILTON: usize = 11;
const ZOLL: usize = 12;
const HOLOGIC: usize = 13;
const SAMSUNG: usize = 14;
const ESAOTE: usize = 15;
pub(super) const SKANRAY: usize = 16;
pub(super) const BPL: usize = 17;
pub(super) const ALLENGERS: usize = 18;
pub(super) const TRIVITRON: usize = 19;
const BAXTER: usize = 20;
const NIPRO: usize = 21;
const PHYSIO: usize = 22;

/// Indian makers that also sell third-party ("compatible") consumables.
pub(super) const AFTERMARKET: &[usize] = &[SKANRAY, BPL, ALLENGERS, TRIVITRON];

#[rustfmt::skip]
pub(super) const MAKERS: &[MakerDef] = &[
    MakerDef { name: "GE HealthCare", country: "United States", templates: &["54#####-?", "46-######P?", "2######-00?"], wide: "51########-?" },
    MakerDef { name: "Siemens Healthineers", country: "Germany", templates: &["10######", "11######"], wide: "10########" },
    MakerDef { name: "Philips", country: "Netherlands", templates: &["989803######", "4535 ### #####?", "M3###@", "M8###@"], wide: "4536########" },
    MakerDef { name: "Canon Medical", country: "Japan", templates: &["BSX##-####", "3B##-#####"], wide: "BSX########" },
    MakerDef { name: "Fujifilm", country: "Japan", templates: &["897N######", "FD-####-####"], wide: "898N########" },
    MakerDef { name: "Mindray", country: "China", templates: &["115-######-00", "040-######-00", "6800-30-#####"], wide: "115-########-00" },
    MakerDef { name: "Dräger", country: "Germany", templates: &["84#####", "MX#####", "MP#####", "2M#####"], wide: "84########" },
    MakerDef { name: "Medtronic", country: "United States", templates: &["4-######-00"], wide: "4-########-01" },
    MakerDef { name: "Fresenius Medical Care", country: "Germany", templates: &["M3#####", "F00######"], wide: "M4########" },
    MakerDef { name: "B. Braun", country: "Germany", templates: &["87#####", "34######"], wide: "87########" },
    MakerDef { name: "Nihon Kohden", country: "Japan", templates: &["TL-####@", "YN-###@", "BR-####@"], wide: "NK-########" },
    MakerDef { name: "Hamilton Medical", country: "Switzerland", templates: &["15####", "95####"], wide: "160######" },
    MakerDef { name: "Zoll", country: "United States", templates: &["8000-####-0?", "9650-####-0?"], wide: "8019-######-01" },
    MakerDef { name: "Hologic", country: "United States", templates: &["ASY-#####", "MAN-#####"], wide: "ASY-########" },
    MakerDef { name: "Samsung Medison", country: "South Korea", templates: &["MS##-######"], wide: "MS##-########" },
    MakerDef { name: "Esaote", country: "Italy", templates: &["97######"], wide: "97#########" },
    MakerDef { name: "Skanray", country: "India", templates: &["SK/##/####", "SKR-#######"], wide: "SKR-##########" },
    MakerDef { name: "BPL", country: "India", templates: &["BPL-####-##"], wide: "BPL-##########" },
    MakerDef { name: "Allengers", country: "India", templates: &["AMS/##-####"], wide: "AMS/########" },
    MakerDef { name: "Trivitron", country: "India", templates: &["2.0##.####", "TRV.###.####"], wide: "TRV.#########" },
    MakerDef { name: "Baxter", country: "United States", templates: &["35-####-###"], wide: "35-#########" },
    MakerDef { name: "Nipro", country: "Japan", templates: &["NP-####-##"], wide: "NP-#########" },
    MakerDef { name: "Physio-Control (Stryker)", country: "United States", templates: &["11996-######", "320####-0##"], wide: "21330-########" },
];

/// (maker, modality, name, aliases separated by `|`). A spelling without
/// spaces is added to the aliases automatically.
#[rustfmt::skip]
pub(super) const MODELS: &[(usize, usize, &str, &str)] = &[
    (GE, MRI, "Signa Explorer", "Signa Explorer 1.5T|Signa Explorer 1.5 T"),
    (GE, MRI, "Signa Voyager", "Signa Voyager 1.5T"),
    (GE, MRI, "Signa HDxt", "Signa HDxt 1.5T|HDxt"),
    (GE, MRI, "Signa Creator", "Signa Creator 1.5T"),
    (GE, MRI, "Signa Pioneer", "Signa Pioneer 3.0T|Signa Pioneer 3T"),
    (GE, CT, "Revolution CT", "Revolution|Revolution 256"),
    (GE, CT, "Optima CT660", "Optima 660|CT660|Optima CT 660"),
    (GE, CT, "BrightSpeed Elite", "BrightSpeed|Bright Speed Elite"),
    (GE, XRAY, "Definium 6000", "Definium6000"),
    (GE, XRAY, "Optima XR220amx", "XR220amx|Optima XR 220 amx"),
    (GE, US, "LOGIQ E10s", "LOGIQ E10 s|Logiq E10s|E10s"),
    (GE, US, "LOGIQ P9", "Logiq P9"),
    (GE, US, "Vivid E95", "Vivid E 95"),
    (GE, US, "Voluson E10", "Voluson E 10"),
    (GE, PM, "CARESCAPE B650", "Carescape B650|B650"),
    (GE, VENT, "CARESCAPE R860", "R860|Carescape R 860"),
    (GE, VENT, "Engström Carestation", "Engstrom Carestation|Engstrom"),
    (GE, ANA, "Aisys CS2", "Aisys CS²|Aisys"),
    (GE, MAM, "Senographe Pristina", "Pristina|Senographe Pristina 3D"),
    (GE, MAM, "Senographe Essential", "Senographe DS Essential"),
    (GE, CARM, "OEC Elite", "OEC Elite CFD|OEC Elite MiniView"),
    (GE, CARM, "OEC 9900 Elite", "OEC 9900|9900 Elite"),
    (SIEMENS, MRI, "MAGNETOM Aera", "Magnetom Aera|Aera 1.5T"),
    (SIEMENS, MRI, "MAGNETOM Skyra", "Magnetom Skyra|Skyra 3T"),
    (SIEMENS, MRI, "MAGNETOM Avanto", "Magnetom Avanto|Avanto 1.5T"),
    (SIEMENS, CT, "SOMATOM go.Up", "SOMATOM go Up|go.Up|Somatom goUp"),
    (SIEMENS, CT, "SOMATOM Definition AS", "Definition AS+|Somatom Definition AS"),
    (SIEMENS, CT, "SOMATOM Emotion 16", "Emotion 16|Somatom Emotion"),
    (SIEMENS, CT, "SOMATOM Perspective", "Somatom Perspective"),
    (SIEMENS, XRAY, "Ysio Max", "YSIO Max"),
    (SIEMENS, XRAY, "Mobilett Mira Max", "Mobilett Mira|MOBILETT Mira Max"),
    (SIEMENS, US, "ACUSON Sequoia", "Acuson Sequoia|Sequoia"),
    (SIEMENS, US, "ACUSON Juniper", "Acuson Juniper"),
    (SIEMENS, MAM, "MAMMOMAT Revelation", "Mammomat Revelation"),
    (SIEMENS, MAM, "MAMMOMAT Inspiration", "Mammomat Inspiration"),
    (SIEMENS, CARM, "Cios Alpha", "Cios α|CIOS Alpha"),
    (PHILIPS, MRI, "Ingenia 1.5T", "Ingenia 1.5 T|Ingenia"),
    (PHILIPS, MRI, "Achieva 1.5T", "Achieva|Achieva 1.5 T"),
    (PHILIPS, CT, "Ingenuity CT", "Ingenuity"),
    (PHILIPS, CT, "Brilliance 64", "Brilliance CT 64|Brilliance 64-slice"),
    (PHILIPS, CT, "Incisive CT", "Incisive"),
    (PHILIPS, XRAY, "DigitalDiagnost C90", "Digital Diagnost C90"),
    (PHILIPS, US, "EPIQ 7", "EPIQ 7C|EPIQ 7G"),
    (PHILIPS, US, "Affiniti 70", "Affiniti 70G"),
    (PHILIPS, US, "CX50", "CX 50"),
    (PHILIPS, PM, "IntelliVue MX450", "MX 450|MX450|Intellivue MX450"),
    (PHILIPS, PM, "IntelliVue MX800", "MX 800|MX800|Intellivue MX800"),
    (PHILIPS, PM, "IntelliVue MP50", "MP 50|MP50"),
    (PHILIPS, PM, "IntelliVue MP70", "MP 70|MP70"),
    (PHILIPS, PM, "Efficia CM10", "CM10|Efficia CM 10"),
    (PHILIPS, VENT, "Trilogy Evo", "Trilogy EVO"),
    (PHILIPS, VENT, "Respironics V60", "V60|V60 Plus"),
    (PHILIPS, DEF, "HeartStart XL+", "HeartStart XL Plus|XL+|HeartStart XLplus"),
    (PHILIPS, DEF, "HeartStart MRx", "MRx|Heartstart MRX"),
    (PHILIPS, CARM, "Zenition 50", "Zenition"),
    (PHILIPS, CARM, "BV Pulsera", "Pulsera|BV-Pulsera"),
    (PHILIPS, MAM, "MicroDose SI", "MicroDose"),
    (CANON, MRI, "Vantage Orian 1.5T", "Vantage Orian|Orian"),
    (CANON, MRI, "Vantage Titan 1.5T", "Vantage Titan|Titan 1.5T"),
    (CANON, CT, "Aquilion ONE", "Aquilion One|Aquilion ONE Genesis"),
    (CANON, CT, "Aquilion Lightning", "Aquilion Lightning 160"),
    (CANON, US, "Aplio i800", "Aplio i-800"),
    (CANON, US, "Xario 200G", "Xario 200"),
    (FUJI, MRI, "Echelon Smart", "Echelon"),
    (FUJI, XRAY, "FDR Go PLUS", "FDR Go+|FDR Go Plus"),
    (FUJI, XRAY, "FDR D-EVO II", "D-EVO II|DEVO 2|D-EVO 2"),
    (FUJI, MAM, "Amulet Innovality", "Amulet|AMULET Innovality"),
    (FUJI, US, "Sonosite Edge II", "SonoSite Edge 2|Edge II"),
    (MINDRAY, PM, "BeneView T8", "Beneview T8|T8"),
    (MINDRAY, PM, "BeneView T5", "Beneview T5|T5"),
    (MINDRAY, PM, "iMEC 10", "iMEC10|IMEC 10"),
    (MINDRAY, PM, "ePM 10", "ePM10|EPM 10"),
    (MINDRAY, US, "DC-70", "DC70|DC 70"),
    (MINDRAY, US, "Resona 7", "Resona7|Resona 7 Exp"),
    (MINDRAY, VENT, "SynoVent E5", "Synovent E5|E5"),
    (MINDRAY, VENT, "SV300", "SV 300|SV-300"),
    (MINDRAY, INF, "BeneFusion SP5", "Benefusion SP5|SP5"),
    (MINDRAY, INF, "BeneFusion VP5", "Benefusion VP5|VP5"),
    (MINDRAY, ANA, "WATO EX-65", "Wato EX65|WATO EX 65"),
    (MINDRAY, DEF, "BeneHeart D6", "Beneheart D6|D6"),
    (MINDRAY, DEF, "BeneHeart D3", "Beneheart D3|D3"),
    (DRAEGER, VENT, "Evita V500", "Evita Infinity V500|V500"),
    (DRAEGER, VENT, "Savina 300", "Savina300|Savina 300 Select"),
    (DRAEGER, VENT, "Babylog VN500", "Babylog VN 500|VN500"),
    (DRAEGER, VENT, "Oxylog 3000 plus", "Oxylog 3000+|Oxylog 3000 Plus"),
    (DRAEGER, ANA, "Fabius plus", "Fabius Plus|Fabius+|Fabius plus XL"),
    (DRAEGER, ANA, "Perseus A500", "Perseus"),
    (DRAEGER, PM, "Infinity Delta", "Delta|Infinity Delta XL"),
    (DRAEGER, PM, "Vista 120", "Vista120"),
    (MEDTRONIC, VENT, "Puritan Bennett 840", "PB840|PB 840|PB-840"),
    (MEDTRONIC, VENT, "Puritan Bennett 980", "PB980|PB 980"),
    (MEDTRONIC, PM, "Nellcor PM100N", "PM100N|Nellcor Bedside SpO2"),
    (FRESENIUS, DIA, "4008S", "4008 S|4008S classix|4008"),
    (FRESENIUS, DIA, "5008S", "5008 S|5008S CorDiax"),
    (FRESENIUS, DIA, "6008 CAREsystem", "6008|6008 Caresystem"),
    (BBRAUN, DIA, "Dialog+", "Dialog Plus|Dialog +"),
    (BBRAUN, DIA, "Dialog iQ", "Dialog IQ"),
    (BBRAUN, INF, "Perfusor Space", "PerfusorSpace|Perfusor space"),
    (BBRAUN, INF, "Infusomat Space", "InfusomatSpace|Infusomat space"),
    (BBRAUN, INF, "Perfusor compact plus", "Perfusor Compact+|Perfusor compact"),
    (NIHON, PM, "Life Scope G5", "LifeScope G5|BSM-5105"),
    (NIHON, PM, "BSM-3562", "BSM 3562|BSM3562"),
    (NIHON, DEF, "Cardiolife TEC-5631", "TEC-5631|TEC 5631"),
    (NIHON, VENT, "NKV-550", "NKV 550|NKV550"),
    (HAMILTON, VENT, "Hamilton-C3", "Hamilton C3|C3"),
    (HAMILTON, VENT, "Hamilton-C6", "Hamilton C6|C6"),
    (HAMILTON, VENT, "Hamilton-G5", "Hamilton G5|G5"),
    (HAMILTON, VENT, "Hamilton-T1", "Hamilton T1|T1"),
    (ZOLL, DEF, "R Series", "R-Series|Zoll R Series Plus"),
    (ZOLL, DEF, "X Series", "X-Series"),
    (ZOLL, DEF, "AED Plus", "AED+"),
    (ZOLL, DEF, "M Series", "M-Series"),
    (HOLOGIC, MAM, "Selenia Dimensions", "Selenia Dimensions 3D|Dimensions"),
    (HOLOGIC, MAM, "3Dimensions", "3 Dimensions"),
    (HOLOGIC, MAM, "Selenia", "Selenia FFDM"),
    (HOLOGIC, CARM, "Fluoroscan InSight FD", "InSight FD|Fluoroscan Insight"),
    (SAMSUNG, US, "HS70A", "HS 70A|HS70 A"),
    (SAMSUNG, US, "RS85", "RS 85|RS85 Prestige"),
    (SAMSUNG, US, "HM70 EVO", "HM70A|HM 70 EVO"),
    (SAMSUNG, XRAY, "GM85", "GM 85"),
    (ESAOTE, US, "MyLabX8", "MyLab X8"),
    (ESAOTE, US, "MyLab Seven", "MyLab 7|MyLabSeven"),
    (ESAOTE, MRI, "S-scan", "Sscan|S scan"),
    (SKANRAY, PM, "Star 65", "Star65|Star 65 CMS"),
    (SKANRAY, PM, "Star 90", "Star90"),
    (SKANRAY, ANA, "Athena SV 200", "Athena SV200|Athena"),
    (SKANRAY, XRAY, "Skanmobile", "SkanMobile|Skan Mobile"),
    (SKANRAY, CARM, "Skan C", "SkanC|Skan-C"),
    (SKANRAY, DEF, "Cardiodef 1200", "Cardiodef"),
    (BPL, PM, "Clarity Neo", "Clarity"),
    (BPL, PM, "Ultima Prime", "Ultima"),
    (BPL, DEF, "DF 2617", "DF2617|DF 2617 R"),
    (BPL, US, "EchoStar Plus", "EchoStar"),
    (ALLENGERS, XRAY, "MARS 6.5", "Mars 6.5|MARS 6.5 HF"),
    (ALLENGERS, XRAY, "HF 49R", "HF-49R|HF49R"),
    (ALLENGERS, CARM, "HF 49 C-arm", "HF49 C-arm|Allengers C-arm"),
    (ALLENGERS, CT, "Allengers 16S", "16S CT"),
    (TRIVITRON, XRAY, "Kiran Elite", "Kiran Elite DR"),
    (TRIVITRON, MAM, "Kiran Mammo Plus", "Kiran Mammo"),
    (TRIVITRON, CARM, "Kiran C-View", "C-View"),
    (BAXTER, INF, "Sigma Spectrum", "Spectrum"),
    (BAXTER, INF, "Colleague 3", "Colleague"),
    (BAXTER, DIA, "AK 98", "AK98|AK-98"),
    (BAXTER, DIA, "PrisMax", "Prismax"),
    (NIPRO, DIA, "Surdial X", "SurdialX|Surdial-X"),
    (NIPRO, DIA, "Surdial 55 Plus", "Surdial 55|Surdial 55+"),
    (PHYSIO, DEF, "LIFEPAK 15", "LP15|Lifepak 15|LP 15"),
    (PHYSIO, DEF, "LIFEPAK 20e", "LP20e|Lifepak 20e"),
];

/// (name, kind, city, state, verified). Every org is in India.
#[rustfmt::skip]
pub(super) const ORGS: &[(&str, &str, &str, &str, bool)] = &[
    ("GE HealthCare India Pvt Ltd", "manufacturer", "Bengaluru", "Karnataka", true),
    ("Siemens Healthineers India", "manufacturer", "Mumbai", "Maharashtra", true),
    ("Philips India Ltd", "manufacturer", "Gurugram", "Haryana", true),
    ("Mindray Medical India Pvt Ltd", "manufacturer", "Mumbai", "Maharashtra", false),
    ("Dräger Medical India Pvt Ltd", "manufacturer", "Mumbai", "Maharashtra", true),
    ("Skanray Technologies Ltd", "manufacturer", "Mysuru", "Karnataka", true),
    ("Meditek Spares Pvt Ltd", "supplier", "Pune", "Maharashtra", true),
    ("Imaging Spares India", "supplier", "Chennai", "Tamil Nadu", false),
    ("Lifeline Biomedical Supplies", "supplier", "Hyderabad", "Telangana", true),
    ("Criticare Parts Co.", "supplier", "Kolkata", "West Bengal", false),
    ("Apex Medical Distributors", "distributor", "Mumbai", "Maharashtra", true),
    ("Northstar Healthcare Distributors", "distributor", "New Delhi", "Delhi", false),
    ("Southern Surgicals & Distributors", "distributor", "Kochi", "Kerala", false),
    ("Sai Biomedical Dealers", "dealer", "Ahmedabad", "Gujarat", false),
    ("Ganga Medical Equipment Dealers", "dealer", "Lucknow", "Uttar Pradesh", false),
    ("Vardhman Medicare", "dealer", "Jaipur", "Rajasthan", true),
    ("Sunrise Multispeciality Hospital", "hospital", "Nagpur", "Maharashtra", true),
    ("Aarogya Heart Institute", "hospital", "Indore", "Madhya Pradesh", false),
    ("CityCare Diagnostic Clinic", "clinic", "Bengaluru", "Karnataka", false),
    ("BioMed Field Services", "service_provider", "Pune", "Maharashtra", true),
    ("partsportal", "platform", "Bengaluru", "Karnataka", true),
];

/// Org kinds that list parts for sale.
pub(super) const SELLER_KINDS: &[&str] = &["manufacturer", "supplier", "distributor", "dealer"];

pub(super) struct Cat {
    pub modality: usize,
    pub path: &'static str,
    pub items: &'static [&'static str],
    pub variants: &'static [&'static str],
    /// One sentence on what the part does, for descriptions.
    pub blurb: &'static str,
    /// Typical new price range in whole rupees.
    pub rupees: (i64, i64),
    pub grams: (i64, i64),
    /// Typical packed size in cm.
    pub dims: (u32, u32, u32),
    pub hsn: &'static str,
    pub gst: i32,
    /// Consumables: always new, sometimes sold in packs (MOQ > 1).
    pub consumable: bool,
}

const BOARD_VARIANTS: &[&str] = &[
    "Rev. A",
    "Rev. B",
    "Rev. C",
    "Rev. D",
    "tested",
    "with firmware loaded",
    "assembly",
    "new style",
];
const PSU_VARIANTS: &[&str] = &[
    "100-240 VAC",
    "230 VAC, 50 Hz",
    "24 VDC, 10 A",
    "12 VDC, 8 A",
    "48 VDC",
    "with fan",
    "medical grade, 2xMOPP",
];

#[rustfmt::skip]
pub(super) const CATS: &[Cat] = &[
    // MRI
    Cat { modality: MRI, path: "Imaging > MRI > Coils", items: &["Head Coil", "Head/Neck Coil", "Body Array Coil", "Knee Coil", "Shoulder Coil", "Spine Array Coil", "Breast Coil", "Wrist Coil", "Flex Coil", "Foot/Ankle Coil"], variants: &["8-channel", "16-channel", "32-channel", "4-channel", "1.5T", "3.0T", "large", "small", "phased array", "transmit/receive"], blurb: "Receive RF coil for high-SNR clinical imaging; connector and tuning verified on a phantom before dispatch.", rupees: (300_000, 2_500_000), grams: (2_000, 18_000), dims: (60, 45, 40), hsn: "90181300", gst: 12, consumable: false },
    Cat { modality: MRI, path: "Imaging > MRI > Cryogenics", items: &["Cold Head", "Cold Head Compressor Adsorber", "Helium Compressor", "Cold Head Cable Set", "Helium Level Probe", "Flex Line Set"], variants: &["4K", "F-70 type", "water-cooled", "air-cooled", "20 m", "10 m", "rebuilt"], blurb: "Keeps the magnet at liquid-helium temperature and prevents helium boil-off.", rupees: (40_000, 1_500_000), grams: (1_500, 120_000), dims: (70, 50, 50), hsn: "84143000", gst: 18, consumable: false },
    Cat { modality: MRI, path: "Imaging > MRI > RF Amplifiers", items: &["RF Power Amplifier", "RF Preamplifier", "Transmit/Receive Switch", "RF Amplifier Module"], variants: &["15 kW", "35 kW", "64 MHz", "128 MHz", "8-channel", "rack mount"], blurb: "Drives the body coil during RF transmission; supplied with bench test results.", rupees: (200_000, 2_000_000), grams: (3_000, 60_000), dims: (60, 50, 30), hsn: "90181300", gst: 12, consumable: false },
    Cat { modality: MRI, path: "Imaging > MRI > Gradient Components", items: &["Gradient Amplifier Module", "Gradient Cable Set", "Gradient Filter Board", "Gradient Coil Cooling Hose"], variants: &["X-axis", "Y-axis", "Z-axis", "3-axis", "650 A", "900 A"], blurb: "Part of the gradient chain that sets spatial encoding; check the axis label before ordering.", rupees: (30_000, 1_200_000), grams: (800, 40_000), dims: (50, 40, 25), hsn: "90181300", gst: 12, consumable: false },
    Cat { modality: MRI, path: "Imaging > MRI > Patient Table", items: &["Table Drive Belt", "Table Motor", "Table Cushion Set", "Tabletop Position Sensor", "Table Controller Board"], variants: &["standard", "wide bore", "with encoder", "3-piece", "5-piece"], blurb: "Moves and positions the patient table into the bore.", rupees: (8_000, 350_000), grams: (300, 15_000), dims: (80, 30, 15), hsn: "90181300", gst: 12, consumable: false },
    Cat { modality: MRI, path: "Imaging > MRI > Electronics", items: &["Main CPU Board", "Receiver Board", "Spectrometer Board", "Power Supply Unit", "Host Computer"], variants: BOARD_VARIANTS, blurb: "Electronics module of the MR system cabinet.", rupees: (50_000, 500_000), grams: (500, 12_000), dims: (45, 35, 12), hsn: "85389000", gst: 18, consumable: false },
    // CT
    Cat { modality: CT, path: "Imaging > CT > X-ray Tubes", items: &["X-ray Tube", "CT X-ray Tube Assembly", "Tube Housing Assembly"], variants: &["5.0 MHU", "6.3 MHU", "7 MHU", "8 MHU", "3.5 MHU", "liquid-bearing", "with housing"], blurb: "Replacement X-ray tube for the CT gantry; seasoning and calibration needed after installation.", rupees: (800_000, 4_000_000), grams: (25_000, 80_000), dims: (90, 60, 60), hsn: "90223000", gst: 12, consumable: false },
    Cat { modality: CT, path: "Imaging > CT > Detectors", items: &["Detector Module", "DAS Board", "Detector Collimator Plate", "Detector Heater Board"], variants: &["16-row", "64-row", "128-slice", "single module", "pair"], blurb: "Converts transmitted X-rays into projection data; air calibration required after replacement.", rupees: (100_000, 1_000_000), grams: (400, 8_000), dims: (40, 25, 15), hsn: "90229090", gst: 12, consumable: false },
    Cat { modality: CT, path: "Imaging > CT > Gantry", items: &["Gantry Slip Ring Brush Set", "Slip Ring", "Gantry Fan Assembly", "Gantry Drive Belt", "Gantry Cover", "Fan Assembly"], variants: &["carbon", "silver-graphite", "set of 8", "set of 12", "front", "rear", "OEM"], blurb: "Wear part of the rotating gantry; replace at the interval in the service manual.", rupees: (15_000, 900_000), grams: (200, 30_000), dims: (60, 30, 20), hsn: "90229090", gst: 12, consumable: false },
    Cat { modality: CT, path: "Imaging > CT > High Voltage", items: &["HV Cable 75 kV", "HV Tank", "HV Generator Board", "Inverter Board", "HV Cable 150 kV"], variants: &["5 m", "8 m", "12 m", "Federal Standard connector", "R24 connector"], blurb: "High-voltage component between generator and tube.", rupees: (40_000, 1_500_000), grams: (1_000, 50_000), dims: (60, 40, 30), hsn: "90229090", gst: 12, consumable: false },
    Cat { modality: CT, path: "Imaging > CT > Cooling", items: &["Oil Cooler Heat Exchanger", "Chiller Pump", "Coolant Hose Set", "Oil Pump"], variants: &["air-cooled", "water-cooled", "with sensor", "kit"], blurb: "Removes heat from the tube and gantry electronics.", rupees: (20_000, 600_000), grams: (1_000, 35_000), dims: (60, 40, 40), hsn: "84195090", gst: 18, consumable: false },
    Cat { modality: CT, path: "Imaging > CT > Consoles", items: &["Main CPU Board", "Reconstruction Computer", "Console Keyboard", "LCD Monitor 19\"", "Intercom Board"], variants: BOARD_VARIANTS, blurb: "Operator console part.", rupees: (15_000, 800_000), grams: (800, 15_000), dims: (55, 45, 20), hsn: "84733099", gst: 18, consumable: false },
    // X-ray
    Cat { modality: XRAY, path: "Imaging > X-ray > Tubes", items: &["X-ray Tube", "Rotating Anode X-ray Tube", "Stationary Anode Tube", "Tube Housing Assembly"], variants: &["150 kV", "125 kV", "0.6/1.2 mm focal spot", "300 kHU", "400 kHU", "with housing"], blurb: "Radiographic X-ray tube insert or housing assembly.", rupees: (150_000, 800_000), grams: (8_000, 25_000), dims: (55, 35, 35), hsn: "90223000", gst: 12, consumable: false },
    Cat { modality: XRAY, path: "Imaging > X-ray > Detectors", items: &["Flat Panel Detector", "Wireless FPD Battery", "Detector Charger", "Detector Tether Cable"], variants: &["35 x 43 cm", "43 x 43 cm", "24 x 30 cm", "CsI", "GOS", "wireless", "tethered"], blurb: "Digital radiography detector component.", rupees: (8_000, 2_500_000), grams: (300, 4_000), dims: (50, 50, 8), hsn: "90229090", gst: 12, consumable: false },
    Cat { modality: XRAY, path: "Imaging > X-ray > Collimators", items: &["Collimator Assembly", "Collimator Lamp", "Collimator Blade Motor", "Laser Line Module"], variants: &["24 V 150 W", "manual", "motorised", "LED", "halogen"], blurb: "Shapes the X-ray field and shows it with a light field.", rupees: (1_500, 250_000), grams: (50, 6_000), dims: (30, 25, 20), hsn: "90229090", gst: 12, consumable: false },
    Cat { modality: XRAY, path: "Imaging > X-ray > Generators", items: &["HV Cable 150 kV", "Generator Control Board", "Filament Board", "HV Transformer", "Rotor Controller"], variants: &["8 m", "10 m", "50 kW", "32 kW", "Rev. B"], blurb: "Generator component that sets tube voltage and current.", rupees: (25_000, 600_000), grams: (500, 40_000), dims: (50, 40, 30), hsn: "90229090", gst: 12, consumable: false },
    Cat { modality: XRAY, path: "Imaging > X-ray > Bucky & Tables", items: &["Bucky Grid", "Wall Stand Bucky", "Table Brake Solenoid", "Grid Motor"], variants: &["10:1, 40 lines/cm", "12:1", "f0 100 cm", "f0 180 cm"], blurb: "Bucky and table mechanics for radiography rooms.", rupees: (5_000, 300_000), grams: (200, 25_000), dims: (55, 50, 10), hsn: "90229090", gst: 12, consumable: false },
    // Ultrasound
    Cat { modality: US, path: "Imaging > Ultrasound > Probes", items: &["Convex Transducer", "Linear Transducer", "Phased Array Transducer", "Endocavity Probe", "TEE Probe", "Matrix Transducer", "Volume Probe", "Hockey Stick Probe"], variants: &["C1-6", "C2-9", "L3-12", "L6-24", "3Sc", "S4-2", "IC5-9", "4D", "XDclear", "single crystal"], blurb: "Transducer for diagnostic imaging; tested for dead elements and lens integrity.", rupees: (150_000, 1_200_000), grams: (200, 800), dims: (35, 25, 12), hsn: "90181200", gst: 12, consumable: false },
    Cat { modality: US, path: "Imaging > Ultrasound > Boards", items: &["Beamformer Board", "Front-End Board", "Main CPU Board", "Power Supply Unit", "Transmit Board"], variants: BOARD_VARIANTS, blurb: "Internal board of the ultrasound console.", rupees: (40_000, 450_000), grams: (300, 3_000), dims: (45, 35, 10), hsn: "85389000", gst: 18, consumable: false },
    Cat { modality: US, path: "Imaging > Ultrasound > Displays", items: &["LCD Monitor 21.5\"", "LCD Touch Panel 12\"", "LCD Touch Panel 15\"", "Monitor Arm"], variants: &["OEM", "LED backlit", "with cable", "articulating"], blurb: "Display part of the ultrasound console.", rupees: (20_000, 250_000), grams: (1_000, 8_000), dims: (60, 45, 15), hsn: "85285200", gst: 18, consumable: false },
    Cat { modality: US, path: "Imaging > Ultrasound > Control Panel", items: &["Trackball Assembly", "Control Panel Keyboard", "TGC Slider Board", "Encoder Knob Set", "Alphanumeric Keyboard"], variants: &["English", "backlit", "Rev. B", "set of 6", "set of 8"], blurb: "Operator control panel part; wears with daily scanning.", rupees: (4_000, 120_000), grams: (50, 2_500), dims: (45, 25, 8), hsn: "84716040", gst: 18, consumable: false },
    Cat { modality: US, path: "Imaging > Ultrasound > Accessories", items: &["Probe Holder", "Footswitch", "Thermal Printer", "Biopsy Guide Kit", "Probe Cover (box of 100)"], variants: &["3-pedal", "black and white", "stainless steel", "sterile", "universal"], blurb: "Accessory for the ultrasound system.", rupees: (1_200, 90_000), grams: (50, 3_000), dims: (30, 20, 15), hsn: "90181200", gst: 12, consumable: true },
    // Patient monitoring
    Cat { modality: PM, path: "Patient Monitoring > Sensors > SpO2", items: &["SpO2 Sensor", "SpO2 Extension Cable", "Pulse Oximetry Sensor"], variants: &["adult finger clip, reusable", "paediatric, soft-tip", "neonatal wrap, disposable (box of 24)", "ear clip, reusable", "Y-type multi-site", "adult, disposable (box of 24)", "2.2 m", "3 m"], blurb: "Measures oxygen saturation and pulse rate; connector keyed to the monitor's SpO2 port.", rupees: (800, 15_000), grams: (40, 250), dims: (20, 15, 4), hsn: "90189099", gst: 12, consumable: true },
    Cat { modality: PM, path: "Patient Monitoring > Sensors > Temperature", items: &["Temperature Probe", "Skin Temperature Sensor"], variants: &["adult, reusable", "paediatric", "oesophageal/rectal", "YSI 400 series", "disposable (pack of 20)"], blurb: "Continuous temperature measurement.", rupees: (900, 9_000), grams: (20, 150), dims: (18, 12, 3), hsn: "90251990", gst: 18, consumable: true },
    Cat { modality: PM, path: "Patient Monitoring > Cables > ECG", items: &["ECG Trunk Cable", "ECG Lead Set", "EKG Patient Cable", "ECG Leadwire Set"], variants: &["3-lead, AAMI", "5-lead, AAMI", "5-lead, IEC", "12-lead", "3-lead, snap", "5-lead, grabber", "6-lead, IEC"], blurb: "Carries ECG (EKG) signals from the electrodes to the monitor; defibrillation-proof.", rupees: (1_500, 20_000), grams: (60, 400), dims: (22, 18, 5), hsn: "90189099", gst: 12, consumable: true },
    Cat { modality: PM, path: "Patient Monitoring > Cuffs > NIBP", items: &["NIBP Cuff", "NIBP Hose", "NIBP Air Hose Connector"], variants: &["adult, reusable", "large adult, reusable", "child, reusable", "infant", "neonate, disposable (pack of 10)", "thigh", "3 m", "single tube"], blurb: "Non-invasive blood pressure measurement.", rupees: (500, 6_000), grams: (40, 300), dims: (25, 18, 5), hsn: "90189099", gst: 12, consumable: true },
    Cat { modality: PM, path: "Patient Monitoring > Modules > Parameter Modules", items: &["Multi-Parameter Module", "EtCO2 Module", "IBP Module", "CO2 Sidestream Module", "Cardiac Output Module"], variants: &["MMS", "plug-in", "mainstream", "sidestream", "dual channel"], blurb: "Plug-in measurement module; recognised automatically by the monitor.", rupees: (40_000, 300_000), grams: (200, 1_200), dims: (25, 15, 12), hsn: "90181990", gst: 12, consumable: false },
    Cat { modality: PM, path: "Patient Monitoring > Power > Batteries", items: &["Battery Pack", "Rechargeable Battery"], variants: &["Li-ion 14.4V", "Li-ion 10.8V 4.5Ah", "Li-ion 11.1V 5200mAh", "Li-ion 10.8V 2.6Ah", "NiMH 12V"], blurb: "Internal battery for transport and mains failure; original cells.", rupees: (5_000, 40_000), grams: (150, 900), dims: (20, 10, 5), hsn: "85076000", gst: 18, consumable: false },
    Cat { modality: PM, path: "Patient Monitoring > Power > Power Supplies", items: &["Power Supply Unit", "AC/DC Power Board", "Power Adapter"], variants: PSU_VARIANTS, blurb: "Converts mains power for the monitor electronics.", rupees: (6_000, 60_000), grams: (200, 1_500), dims: (25, 18, 8), hsn: "85044090", gst: 18, consumable: false },
    Cat { modality: PM, path: "Patient Monitoring > Boards & Displays", items: &["Main CPU Board", "Mainboard", "Parameter Interface Board", "Alarm LED Board", "LCD Touch Panel 15\"", "LCD Display 12.1\"", "Display Inverter Board", "Touch Screen Digitizer"], variants: BOARD_VARIANTS, blurb: "Internal electronics or display of the patient monitor.", rupees: (8_000, 180_000), grams: (150, 2_500), dims: (38, 28, 7), hsn: "90189099", gst: 12, consumable: false },
    // Ventilators
    Cat { modality: VENT, path: "Critical Care > Ventilators > Flow Sensors", items: &["Flow Sensor", "Hot-Wire Flow Sensor", "Expiratory Flow Sensor"], variants: &["neonatal", "adult, reusable", "paediatric", "adult/paediatric, single-patient", "disposable (pack of 5)", "autoclavable"], blurb: "Measures inspiratory and expiratory flow for tidal volume monitoring; calibrate after fitting.", rupees: (1_200, 35_000), grams: (15, 200), dims: (15, 10, 6), hsn: "90262000", gst: 18, consumable: true },
    Cat { modality: VENT, path: "Critical Care > Ventilators > O2 Sensors", items: &["O2 Sensor", "Oxygen Cell", "Galvanic O2 Cell", "Paramagnetic O2 Sensor"], variants: &["OOM202 type", "capsule", "with connector", "2-year life"], blurb: "Monitors delivered oxygen concentration (FiO2).", rupees: (3_000, 20_000), grams: (20, 150), dims: (10, 8, 6), hsn: "90271000", gst: 18, consumable: true },
    Cat { modality: VENT, path: "Critical Care > Ventilators > Valves", items: &["Expiratory Valve Assembly", "Exhalation Valve Membrane", "Inspiratory Valve", "Proportional Solenoid Valve", "Safety Valve"], variants: &["autoclavable", "single-patient", "reusable", "pack of 5", "with seal"], blurb: "Controls gas delivery in the breathing system.", rupees: (2_000, 150_000), grams: (20, 800), dims: (15, 12, 10), hsn: "84818090", gst: 18, consumable: false },
    Cat { modality: VENT, path: "Critical Care > Ventilators > Turbines & Blowers", items: &["Turbine Blower Assembly", "Blower Motor", "Compressor Module"], variants: &["OEM", "24 VDC", "high-flow", "rebuilt core"], blurb: "Generates gas flow without wall air.", rupees: (50_000, 400_000), grams: (500, 5_000), dims: (30, 25, 20), hsn: "84145990", gst: 18, consumable: false },
    Cat { modality: VENT, path: "Critical Care > Ventilators > Batteries", items: &["Internal Battery Pack", "Battery Pack", "Extended Battery"], variants: &["Li-ion 14.4V", "Li-ion 25.2V", "hot-swappable", "6.8Ah"], blurb: "Powers the ventilator during transport and mains failure.", rupees: (12_000, 90_000), grams: (300, 2_000), dims: (22, 12, 8), hsn: "85076000", gst: 18, consumable: false },
    Cat { modality: VENT, path: "Critical Care > Ventilators > Breathing Circuits", items: &["Breathing Circuit", "HME Filter", "Bacterial/Viral Filter", "Water Trap"], variants: &["adult, heated wire", "paediatric", "neonatal", "box of 50", "pack of 10", "1.8 m"], blurb: "Single-patient breathing system consumable.", rupees: (150, 6_000), grams: (20, 600), dims: (30, 20, 10), hsn: "90192090", gst: 12, consumable: true },
    // Infusion pumps
    Cat { modality: INF, path: "Infusion Therapy > Infusion Pumps > Mechanisms", items: &["Pump Mechanism Assembly", "Peristaltic Finger Assembly", "Plunger Drive Assembly", "Stepper Motor", "Drive Gear Set"], variants: &["OEM", "rebuilt", "with motor", "Rev. B"], blurb: "Delivers the programmed volume; flow-rate accuracy checked after repair.", rupees: (6_000, 90_000), grams: (80, 900), dims: (20, 15, 10), hsn: "90183990", gst: 12, consumable: false },
    Cat { modality: INF, path: "Infusion Therapy > Infusion Pumps > Sensors", items: &["Air-in-Line Sensor", "Occlusion Pressure Sensor", "Drop Sensor", "Door Sensor", "Syringe Size Sensor"], variants: &["upstream", "downstream", "ultrasonic", "with cable"], blurb: "Safety sensor that triggers pump alarms.", rupees: (2_500, 30_000), grams: (10, 200), dims: (12, 8, 5), hsn: "90318000", gst: 18, consumable: false },
    Cat { modality: INF, path: "Infusion Therapy > Infusion Pumps > Batteries", items: &["Battery Pack", "Rechargeable Battery"], variants: &["NiMH 8.4V", "Li-ion 7.2V", "Li-ion 11.1V", "2500mAh"], blurb: "Internal battery for ward transport.", rupees: (3_500, 18_000), grams: (100, 400), dims: (15, 8, 4), hsn: "85076000", gst: 18, consumable: false },
    Cat { modality: INF, path: "Infusion Therapy > Infusion Pumps > Displays & Keypads", items: &["Membrane Keypad", "LCD Display", "Front Panel Assembly"], variants: &["English", "with LCD", "Rev. C", "backlit"], blurb: "User interface part of the pump.", rupees: (3_000, 40_000), grams: (40, 500), dims: (20, 15, 5), hsn: "90183990", gst: 12, consumable: false },
    Cat { modality: INF, path: "Infusion Therapy > Infusion Pumps > Accessories", items: &["Pole Clamp", "Docking Station", "Syringe Clamp", "Power Cord"], variants: &["rotating", "4-slot", "universal", "Indian plug"], blurb: "Mounting and power accessory for the pump.", rupees: (800, 60_000), grams: (50, 3_000), dims: (25, 15, 10), hsn: "90183990", gst: 12, consumable: true },
    // Anaesthesia
    Cat { modality: ANA, path: "Critical Care > Anaesthesia > Vaporizers", items: &["Vaporizer", "Vaporizer Filler Adapter"], variants: &["Sevoflurane", "Isoflurane", "Desflurane", "Selectatec mount", "key-filled"], blurb: "Delivers a set concentration of volatile agent; calibration certificate included.", rupees: (3_000, 400_000), grams: (200, 7_000), dims: (30, 20, 25), hsn: "90189041", gst: 12, consumable: false },
    Cat { modality: ANA, path: "Critical Care > Anaesthesia > Absorbers", items: &["CO2 Absorber Canister", "Soda Lime Canister", "Absorber Seal Kit"], variants: &["reusable", "single-use (pack of 6)", "1.5 L", "with O-rings"], blurb: "Removes CO2 from the rebreathing circuit.", rupees: (1_200, 45_000), grams: (100, 2_500), dims: (25, 20, 20), hsn: "90189041", gst: 12, consumable: true },
    Cat { modality: ANA, path: "Critical Care > Anaesthesia > Sensors", items: &["O2 Sensor", "Flow Sensor", "Pressure Transducer"], variants: &["inspiratory", "expiratory", "spirometry", "OEM"], blurb: "Monitors gas delivery on the anaesthesia workstation.", rupees: (2_500, 40_000), grams: (20, 200), dims: (12, 10, 6), hsn: "90262000", gst: 18, consumable: true },
    Cat { modality: ANA, path: "Critical Care > Anaesthesia > Valves & Bellows", items: &["Bellows Assembly", "APL Valve", "Check Valve Disc", "Bag Arm", "Ventilator Bellows"], variants: &["adult", "paediatric", "autoclavable", "pack of 2", "with housing"], blurb: "Breathing-system part of the anaesthesia workstation.", rupees: (1_500, 120_000), grams: (20, 1_500), dims: (25, 20, 20), hsn: "90189041", gst: 12, consumable: false },
    Cat { modality: ANA, path: "Critical Care > Anaesthesia > Gas Module", items: &["Gas Analyser Module", "Water Trap", "Sampling Line"], variants: &["multi-gas", "D-fend type", "adult", "pack of 10"], blurb: "Measures inspired and expired anaesthetic gases.", rupees: (800, 350_000), grams: (20, 2_000), dims: (25, 15, 12), hsn: "90271000", gst: 18, consumable: false },
    // Dialysis
    Cat { modality: DIA, path: "Renal Care > Dialysis > Pumps", items: &["Blood Pump Rotor", "Blood Pump Assembly", "Heparin Pump", "UF Pump", "Gear Pump Head"], variants: &["OEM", "rebuilt", "with motor", "single-needle"], blurb: "Pump module of the haemodialysis machine.", rupees: (4_000, 150_000), grams: (100, 3_000), dims: (25, 20, 15), hsn: "90189031", gst: 12, consumable: false },
    Cat { modality: DIA, path: "Renal Care > Dialysis > Sensors", items: &["Conductivity Cell", "Temperature Sensor", "Arterial Pressure Transducer", "Air Detector", "Blood Leak Detector"], variants: &["with cable", "OEM", "venous", "arterial", "Rev. B"], blurb: "Safety sensor in the dialysate or blood circuit.", rupees: (3_000, 60_000), grams: (20, 500), dims: (15, 10, 8), hsn: "90189031", gst: 12, consumable: false },
    Cat { modality: DIA, path: "Renal Care > Dialysis > Valves", items: &["Solenoid Valve", "Pinch Valve", "Balancing Chamber Diaphragm", "Valve Seal Kit"], variants: &["2/2-way", "3/2-way", "24 VDC", "set of 2", "set of 10"], blurb: "Controls dialysate flow in the hydraulic circuit.", rupees: (1_200, 40_000), grams: (20, 600), dims: (12, 10, 8), hsn: "84818090", gst: 18, consumable: false },
    Cat { modality: DIA, path: "Renal Care > Dialysis > Filters", items: &["Dialysate Filter", "Ultrafilter", "Endotoxin Filter"], variants: &["DIASAFE type", "single", "pack of 2", "12-week"], blurb: "Keeps dialysate ultrapure; change at the interval in the operator's manual.", rupees: (2_500, 18_000), grams: (100, 400), dims: (35, 10, 10), hsn: "90189031", gst: 5, consumable: true },
    Cat { modality: DIA, path: "Renal Care > Dialysis > Boards", items: &["Control Board", "Power Supply Unit", "Monitor Board", "Display Board"], variants: BOARD_VARIANTS, blurb: "Electronics of the dialysis machine.", rupees: (15_000, 200_000), grams: (150, 1_500), dims: (35, 25, 8), hsn: "85389000", gst: 18, consumable: false },
    // Defibrillators
    Cat { modality: DEF, path: "Emergency Care > Defibrillators > Pads & Paddles", items: &["Defibrillation Pads", "Multifunction Electrode Pads", "External Paddles", "Internal Paddles"], variants: &["adult", "paediatric", "radiolucent", "pair", "sterile"], blurb: "Delivers therapy energy to the patient; check the expiry date on pads.", rupees: (2_500, 150_000), grams: (100, 1_500), dims: (25, 20, 6), hsn: "90189099", gst: 12, consumable: true },
    Cat { modality: DEF, path: "Emergency Care > Defibrillators > Batteries", items: &["Battery Pack", "SLA Battery 12V", "Lithium Battery"], variants: &["Li-ion", "rechargeable", "non-rechargeable", "5.7Ah", "extended"], blurb: "Powers the defibrillator; keep charged for readiness.", rupees: (8_000, 60_000), grams: (300, 2_000), dims: (20, 12, 8), hsn: "85076000", gst: 18, consumable: false },
    Cat { modality: DEF, path: "Emergency Care > Defibrillators > Cables", items: &["Therapy Cable", "ECG Cable", "SpO2 Extension Cable", "Hands-Free Cable"], variants: &["3-lead", "4-lead", "12-lead", "2.4 m", "OneStep type"], blurb: "Connects pads, paddles or ECG electrodes to the defibrillator.", rupees: (2_000, 30_000), grams: (80, 500), dims: (25, 20, 6), hsn: "90189099", gst: 12, consumable: false },
    Cat { modality: DEF, path: "Emergency Care > Defibrillators > Boards", items: &["HV Capacitor", "Therapy Board", "Main CPU Board", "Charger Board"], variants: BOARD_VARIANTS, blurb: "Internal part of the defibrillator; energy test after replacement.", rupees: (15_000, 200_000), grams: (150, 1_500), dims: (30, 20, 10), hsn: "85389000", gst: 18, consumable: false },
    Cat { modality: DEF, path: "Emergency Care > Defibrillators > Printers", items: &["Thermal Printer", "Recorder Paper (pack of 10)", "Printer Door Assembly"], variants: &["50 mm", "80 mm", "100 mm", "with head"], blurb: "Prints ECG strips and event summaries.", rupees: (500, 45_000), grams: (100, 800), dims: (20, 15, 10), hsn: "84433290", gst: 18, consumable: true },
    // Mammography
    Cat { modality: MAM, path: "Imaging > Mammography > Tubes", items: &["Mammography X-ray Tube", "Mo/Rh Dual-Track X-ray Tube", "W Anode X-ray Tube"], variants: &["0.1/0.3 mm focal spot", "with housing", "Be window", "high-speed"], blurb: "X-ray tube for the mammography gantry.", rupees: (600_000, 2_500_000), grams: (8_000, 20_000), dims: (50, 35, 35), hsn: "90223000", gst: 12, consumable: false },
    Cat { modality: MAM, path: "Imaging > Mammography > Compression", items: &["Compression Paddle", "Spot Compression Paddle", "Magnification Platform", "Compression Motor"], variants: &["18 x 24 cm", "24 x 29 cm", "tilting", "1.8x", "small"], blurb: "Compression and positioning accessory for breast imaging.", rupees: (25_000, 300_000), grams: (400, 4_000), dims: (35, 30, 12), hsn: "90229090", gst: 12, consumable: false },
    Cat { modality: MAM, path: "Imaging > Mammography > Detectors", items: &["Digital Detector", "Biopsy Needle Guide", "Detector Cooling Fan"], variants: &["24 x 30 cm", "a-Se", "stereotactic", "OEM"], blurb: "Image receptor part of the mammography system.", rupees: (8_000, 3_000_000), grams: (100, 8_000), dims: (40, 35, 12), hsn: "90229090", gst: 12, consumable: false },
    Cat { modality: MAM, path: "Imaging > Mammography > Face Shields", items: &["Face Shield", "Patient Face Guard"], variants: &["clear acrylic", "lead-equivalent", "standard"], blurb: "Keeps the patient's head out of the X-ray field.", rupees: (4_000, 40_000), grams: (200, 1_000), dims: (35, 25, 5), hsn: "90229090", gst: 12, consumable: false },
    // C-arm
    Cat { modality: CARM, path: "Imaging > C-arm > Image Intensifiers", items: &["Image Intensifier", "CCD Camera", "II Power Supply"], variants: &["9\"", "12\"", "triple field", "1k x 1k"], blurb: "Fluoroscopy image chain component.", rupees: (80_000, 1_500_000), grams: (1_000, 25_000), dims: (50, 45, 45), hsn: "90229090", gst: 12, consumable: false },
    Cat { modality: CARM, path: "Imaging > C-arm > Tubes", items: &["X-ray Tube", "Monoblock", "Tube Head Assembly"], variants: &["stationary anode", "rotating anode", "110 kV", "120 kV"], blurb: "X-ray source of the mobile C-arm.", rupees: (250_000, 1_500_000), grams: (8_000, 35_000), dims: (50, 40, 40), hsn: "90223000", gst: 12, consumable: false },
    Cat { modality: CARM, path: "Imaging > C-arm > Mechanics", items: &["C-arm Brake Assembly", "Wheel Caster Set", "Orbital Drive Belt", "Steering Handle"], variants: &["front", "rear", "set of 4", "OEM"], blurb: "Mechanical part of the C-arm stand.", rupees: (5_000, 120_000), grams: (200, 10_000), dims: (40, 30, 20), hsn: "90229090", gst: 12, consumable: false },
    Cat { modality: CARM, path: "Imaging > C-arm > Electronics", items: &["Main CPU Board", "Workstation Monitor", "Footswitch", "Hand Switch"], variants: BOARD_VARIANTS, blurb: "Electronics of the C-arm or its monitor cart.", rupees: (10_000, 300_000), grams: (200, 8_000), dims: (45, 35, 20), hsn: "85389000", gst: 18, consumable: false },
];

/// Parts every demo catalog starts with; tests rely on them.
pub(super) struct FixtureDef {
    pub seller: &'static str,
    pub part_number: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub category: &'static str,
    pub maker: &'static str,
    pub models: &'static [&'static str],
    pub price_minor: i64,
    pub currency: &'static str,
    pub stock: i64,
    pub lead_time_days: i32,
    pub warranty_months: i32,
    pub grams: i64,
    pub dimensions: &'static str,
    pub hsn: &'static str,
    pub gst: i32,
    pub condition: &'static str,
    pub supersedes: &'static [&'static str],
    pub sales: i64,
}

const SPO2_NAME: &str = "SpO2 Sensor, adult finger clip, reusable";
const SPO2_DESC: &str = "Reusable adult finger-clip SpO2 sensor for Mindray BeneView T8, iMEC 10 and ePM 10 monitors. 3 m cable with 7-pin connector; wipe clean between patients.";
const SPO2_MODELS: &[&str] = &["BeneView T8", "iMEC 10", "ePM 10"];
const M1191B_NAME: &str = "SpO2 Sensor, adult, reusable (M1191B)";
const M1191B_DESC: &str = "Philips reusable adult SpO2 sensor for IntelliVue MX450, MX800 and MP50 monitors. Finger sensor with 3 m cable, FAST-SpO2 compatible.";
const M1191B_MODELS: &[&str] = &[
    "IntelliVue MX450",
    "IntelliVue MX800",
    "IntelliVue MP50",
    "IntelliVue MP70",
];

#[rustfmt::skip]
pub(super) const FIXTURES: &[FixtureDef] = &[
    FixtureDef { seller: "Meditek Spares Pvt Ltd", part_number: "AB-123/4", name: SPO2_NAME, description: SPO2_DESC, category: "Patient Monitoring > Sensors > SpO2", maker: "Mindray", models: SPO2_MODELS, price_minor: 345_000, currency: "INR", stock: 42, lead_time_days: 2, warranty_months: 6, grams: 90, dimensions: "20 x 15 x 4 cm", hsn: "90189099", gst: 12, condition: "new", supersedes: &[], sales: 1_840 },
    FixtureDef { seller: "Apex Medical Distributors", part_number: "AB-123/4", name: SPO2_NAME, description: SPO2_DESC, category: "Patient Monitoring > Sensors > SpO2", maker: "Mindray", models: SPO2_MODELS, price_minor: 329_000, currency: "INR", stock: 15, lead_time_days: 3, warranty_months: 6, grams: 90, dimensions: "20 x 15 x 4 cm", hsn: "90189099", gst: 12, condition: "new", supersedes: &[], sales: 960 },
    FixtureDef { seller: "Sai Biomedical Dealers", part_number: "AB-123/4", name: SPO2_NAME, description: SPO2_DESC, category: "Patient Monitoring > Sensors > SpO2", maker: "Mindray", models: SPO2_MODELS, price_minor: 360_000, currency: "INR", stock: 0, lead_time_days: 14, warranty_months: 3, grams: 90, dimensions: "20 x 15 x 4 cm", hsn: "90189099", gst: 12, condition: "new", supersedes: &[], sales: 120 },
    FixtureDef { seller: "Dräger Medical India Pvt Ltd", part_number: "00451223", name: "Flow Sensor, neonatal", description: "Neonatal hot-wire flow sensor for Dräger Babylog VN500 and Evita V500 ventilators. Measures proximal flow at the Y-piece; calibrate after fitting.", category: "Critical Care > Ventilators > Flow Sensors", maker: "Dräger", models: &["Babylog VN500", "Evita V500"], price_minor: 985_000, currency: "INR", stock: 8, lead_time_days: 3, warranty_months: 3, grams: 25, dimensions: "12 x 8 x 5 cm", hsn: "90262000", gst: 18, condition: "new", supersedes: &[], sales: 410 },
    FixtureDef { seller: "GE HealthCare India Pvt Ltd", part_number: "5381542-2", name: "Cold Head Compressor Adsorber", description: "Adsorber cartridge for the helium compressor of GE Signa HDxt and Signa Explorer MR systems. Replaces 5381542-1; change every 30,000 hours.", category: "Imaging > MRI > Cryogenics", maker: "GE HealthCare", models: &["Signa HDxt", "Signa Explorer"], price_minor: 28_500_000, currency: "INR", stock: 2, lead_time_days: 4, warranty_months: 12, grams: 9_500, dimensions: "62 x 24 x 24 cm", hsn: "84143000", gst: 18, condition: "new", supersedes: &["5381542-1"], sales: 35 },
    FixtureDef { seller: "GE HealthCare India Pvt Ltd", part_number: "5771000-2", name: "8-Channel Head Coil, 1.5T HD Brain Array", description: "8-channel head coil for GE Signa Explorer and Signa Creator 1.5T MR systems. Receive-only phased array for high-resolution brain imaging.", category: "Imaging > MRI > Coils", maker: "GE HealthCare", models: &["Signa Explorer", "Signa Creator"], price_minor: 125_000_000, currency: "INR", stock: 1, lead_time_days: 5, warranty_months: 12, grams: 7_800, dimensions: "58 x 44 x 42 cm", hsn: "90181300", gst: 12, condition: "new", supersedes: &[], sales: 12 },
    FixtureDef { seller: "Imaging Spares India", part_number: "5772004", name: "Body Coil, 16-channel anterior array, 1.5T", description: "Anterior body array coil for GE Signa Explorer and Signa HDxt 1.5T. Refurbished and phantom-tested, with SNR report.", category: "Imaging > MRI > Coils", maker: "GE HealthCare", models: &["Signa Explorer", "Signa HDxt"], price_minor: 84_000_000, currency: "INR", stock: 0, lead_time_days: 21, warranty_months: 6, grams: 6_200, dimensions: "70 x 50 x 25 cm", hsn: "90181300", gst: 12, condition: "refurbished", supersedes: &[], sales: 6 },
    FixtureDef { seller: "Philips India Ltd", part_number: "M1191B", name: M1191B_NAME, description: M1191B_DESC, category: "Patient Monitoring > Sensors > SpO2", maker: "Philips", models: M1191B_MODELS, price_minor: 980_000, currency: "INR", stock: 25, lead_time_days: 2, warranty_months: 6, grams: 110, dimensions: "20 x 15 x 4 cm", hsn: "90189099", gst: 12, condition: "new", supersedes: &[], sales: 2_310 },
    FixtureDef { seller: "Northstar Healthcare Distributors", part_number: "M1191B", name: M1191B_NAME, description: M1191B_DESC, category: "Patient Monitoring > Sensors > SpO2", maker: "Philips", models: M1191B_MODELS, price_minor: 890_000, currency: "INR", stock: 60, lead_time_days: 1, warranty_months: 6, grams: 110, dimensions: "20 x 15 x 4 cm", hsn: "90189099", gst: 12, condition: "new", supersedes: &[], sales: 1_150 },
    FixtureDef { seller: "GE HealthCare India Pvt Ltd", part_number: "H40472LT", name: "C1-6-D Convex Transducer, XDclear", description: "Convex transducer for GE LOGIQ E10s, LOGIQ E10 and LOGIQ P9 abdominal and obstetric imaging. 1-6 MHz, tested for dead elements.", category: "Imaging > Ultrasound > Probes", maker: "GE HealthCare", models: &["LOGIQ E10s", "LOGIQ P9"], price_minor: 67_500_000, currency: "INR", stock: 3, lead_time_days: 3, warranty_months: 12, grams: 450, dimensions: "35 x 25 x 12 cm", hsn: "90181200", gst: 12, condition: "new", supersedes: &[], sales: 48 },
    FixtureDef { seller: "Siemens Healthineers India", part_number: "7563916", name: "X-ray Tube, CT, 5.0 MHU", description: "CT X-ray tube assembly for Siemens SOMATOM Emotion 16 and SOMATOM Perspective scanners. Supplied on exchange basis; return the old tube within 15 days.", category: "Imaging > CT > X-ray Tubes", maker: "Siemens Healthineers", models: &["SOMATOM Emotion 16", "SOMATOM Perspective"], price_minor: 240_000_000, currency: "INR", stock: 0, lead_time_days: 30, warranty_months: 12, grams: 48_000, dimensions: "90 x 60 x 60 cm", hsn: "90223000", gst: 12, condition: "exchange", supersedes: &[], sales: 9 },
    FixtureDef { seller: "Lifeline Biomedical Supplies", part_number: "0020-10-12157", name: "NIBP Cuff, adult, reusable, 25-35 cm", description: "Reusable adult NIBP cuff with single tube for Mindray BeneView T8, BeneView T5 and iMEC 10 monitors. Latex-free, washable.", category: "Patient Monitoring > Cuffs > NIBP", maker: "Mindray", models: &["BeneView T8", "BeneView T5", "iMEC 10"], price_minor: 145_000, currency: "INR", stock: 130, lead_time_days: 1, warranty_months: 3, grams: 120, dimensions: "25 x 18 x 5 cm", hsn: "90189099", gst: 12, condition: "new", supersedes: &[], sales: 5_200 },
    FixtureDef { seller: "Apex Medical Distributors", part_number: "M1668A", name: "ECG Trunk Cable, 5-lead, AAMI", description: "EKG trunk cable for Philips IntelliVue MX450, MX800 and MP50 monitors. 5-lead AAMI, 2.7 m, defibrillation-proof.", category: "Patient Monitoring > Cables > ECG", maker: "Philips", models: &["IntelliVue MX450", "IntelliVue MX800", "IntelliVue MP50"], price_minor: 1_250_000, currency: "INR", stock: 18, lead_time_days: 2, warranty_months: 6, grams: 220, dimensions: "22 x 18 x 5 cm", hsn: "90189099", gst: 12, condition: "new", supersedes: &[], sales: 870 },
    FixtureDef { seller: "Mindray Medical India Pvt Ltd", part_number: "801-6800-00045-00", name: "Power Supply Unit, 100-240 VAC", description: "Power Supply Unit for Mindray BeneView T8 and BeneView T5 patient monitors. Medical-grade, 2xMOPP; hipot-tested.", category: "Patient Monitoring > Power > Power Supplies", maker: "Mindray", models: &["BeneView T8", "BeneView T5"], price_minor: 2_450_000, currency: "INR", stock: 4, lead_time_days: 3, warranty_months: 12, grams: 650, dimensions: "25 x 18 x 8 cm", hsn: "85044090", gst: 18, condition: "new", supersedes: &[], sales: 140 },
    FixtureDef { seller: "Criticare Parts Co.", part_number: "281637", name: "Flow Sensor, adult/paediatric, single-patient", description: "Proximal flow sensor for Hamilton-C3, Hamilton-C6 and Hamilton-T1 ventilators. Single-patient use with 1.88 m tubing.", category: "Critical Care > Ventilators > Flow Sensors", maker: "Hamilton Medical", models: &["Hamilton-C3", "Hamilton-C6", "Hamilton-T1"], price_minor: 165_000, currency: "INR", stock: 120, lead_time_days: 1, warranty_months: 0, grams: 30, dimensions: "15 x 10 x 6 cm", hsn: "90262000", gst: 18, condition: "new", supersedes: &[], sales: 9_400 },
    FixtureDef { seller: "Vardhman Medicare", part_number: "8019-0535-01", name: "Battery Pack, SLA 12V, R Series", description: "Rechargeable battery pack for Zoll R Series and M Series defibrillators. Keep on charge for readiness.", category: "Emergency Care > Defibrillators > Batteries", maker: "Zoll", models: &["R Series", "M Series"], price_minor: 2_200_000, currency: "INR", stock: 6, lead_time_days: 2, warranty_months: 6, grams: 1_100, dimensions: "20 x 12 x 8 cm", hsn: "85076000", gst: 18, condition: "new", supersedes: &[], sales: 260 },
];
