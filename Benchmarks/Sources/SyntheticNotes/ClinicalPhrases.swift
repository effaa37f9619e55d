/// The phrase pools synthetic notes are assembled from: common outpatient
/// and inpatient conditions (spelled out, abbreviated, British and American),
/// medications, findings and the cue words the context stage reacts to.
///
/// Benchmark input only: nothing here is an engine rule.
enum ClinicalPhrases {
    static let conditions = [
        "hypertension", "HTN", "essential hypertension", "type 2 diabetes mellitus", "DM2",
        "type 2 diabetes with diabetic nephropathy", "hyperlipidemia", "hyperlipidaemia",
        "congestive heart failure", "CHF", "chronic obstructive pulmonary disease", "COPD",
        "atrial fibrillation", "AFib", "coronary artery disease", "CAD", "asthma",
        "major depressive disorder", "anxiety", "gastroesophageal reflux disease", "GERD",
        "chronic kidney disease stage 3", "CKD", "hypothyroidism", "osteoarthritis of the right knee",
        "obesity", "anaemia", "iron deficiency anemia", "urinary tract infection", "UTI",
        "community acquired pneumonia", "acute bronchitis", "migraine without aura",
        "low back pain", "benign prostatic hyperplasia", "BPH", "cellulitis of the left lower leg",
        "deep vein thrombosis", "DVT", "pulmonary embolism", "acute kidney injury",
        "sepsis", "hypokalemia", "hyponatraemia", "gout", "psoriasis", "obstructive sleep apnea", "OSA",
        "tuberculous meningitis", "familial Mediterranean fever", "osteoporosis", "haematuria",
    ]

    static let symptoms = [
        "chest pain", "CP", "shortness of breath", "SOB", "dyspnoea on exertion", "fever", "chills",
        "nausea", "vomiting", "diarrhea", "abdominal pain", "headache", "dizziness", "palpitations",
        "cough", "productive cough", "fatigue", "weight loss", "night sweats", "dysuria",
        "hematuria", "edema", "leg swelling", "syncope", "rash", "joint pain", "back pain",
    ]

    static let medications = [
        "lisinopril 20 mg daily", "metformin 1000 mg BID", "atorvastatin 40 mg qhs",
        "amlodipine 5 mg PO daily", "metoprolol succinate 50 mg daily", "furosemide 40 mg daily",
        "albuterol inhaler PRN", "tiotropium 18 mcg inhaled daily", "apixaban 5 mg BID",
        "omeprazole 20 mg daily", "levothyroxine 75 mcg daily", "sertraline 50 mg daily",
        "insulin glargine 20 units qhs", "aspirin 81 mg daily", "colchicine 0.5 mg/day",
        "acetaminophen 650 mg q6h PRN", "ceftriaxone 1 g IV q24h", "enoxaparin 40 mg SC daily",
    ]

    static let relatives = ["mother", "father", "brother", "sister", "maternal grandmother", "paternal uncle"]

    static let familyConditions = [
        "breast cancer", "colon cancer", "myocardial infarction", "type 2 diabetes", "stroke",
        "Alzheimer disease", "prostate cancer", "hypertension",
    ]

    static let negationLeads = ["Denies", "No", "Negative for", "No evidence of", "Patient denies", "Without"]

    static let uncertainLeads = ["Possible", "Probable", "Rule out", "r/o", "Suspected", "Cannot exclude"]

    static let historyLeads = ["History of", "h/o", "s/p treatment for", "Remote history of", "Prior"]

    static let examFindings = [
        "Lungs clear to auscultation bilaterally.", "Regular rate and rhythm, no murmurs.",
        "Abdomen soft, non-tender, non-distended.", "Bibasilar crackles noted.",
        "2+ pitting edema of both lower extremities.", "No focal neurological deficits.",
        "Erythema and warmth over the left shin.", "Mild wheezing on forced expiration.",
        "BP 152/94, HR 88, RR 18, T 37.9 C, SpO2 94% on RA.", "Alert and oriented x3.",
    ]

    static let plans = [
        "continue current dose", "increase dose and recheck in 2 weeks", "order CBC, BMP and HbA1c",
        "refer to cardiology", "start antibiotics", "chest x-ray ordered", "follow up in 3 months",
        "counselled on diet and exercise", "ECG today", "echocardiogram scheduled",
        "procedure P0001 deferred until next visit", "patient declined colonoscopy",
    ]

    static let socialHabits = [
        "Former smoker, quit 10 years ago.", "Current smoker, 1 ppd x 20 years.", "Drinks alcohol socially.",
        "Denies illicit drug use.", "Lives with spouse, retired teacher.", "Works as a truck driver.",
    ]
}
