"""Acute and procedure visit templates (infections, injuries, minor procedures)."""

from __future__ import annotations

from app.demo.visit_types import EM, EM25, L, VisitTemplate

DEXAMETHASONE_NDC = "63323016501"
CEFTRIAXONE_NDC = "00409733701"

ACUTE: tuple[VisitTemplate, ...] = (
    VisitTemplate(
        "aom", (0, 12), 6, ("H66.91",), (L(EM),),
        cc="[[Right ear pain|Tugging at right ear|Ear pain and fever]]",
        hpi="{age}-year-old {sexword} with right ear pain for {days} days, [[fussy at night|"
            "worse lying down|after a cold last week]]. No drainage. Eating and drinking.",
        exam="Right TM erythematous and bulging with poor mobility; left TM clear. "
             "Throat mildly red, neck supple.",
        ap=("Acute otitis media, right ear. Amoxicillin high dose for 10 days; ibuprofen for "
            "pain.", "Return if not better in 48-72 hours."),
        flags=("fever",),
    ),
    VisitTemplate(
        "strep", (3, 45), 5, ("J02.0",), (L(EM), L("87880", waived=True)),
        cc="[[Sore throat|Sore throat and fever|Throat pain, trouble swallowing]]",
        hpi="{age}-year-old {sexword} with sore throat for {days} days, fever at home, "
            "[[no cough|headache|sick contact at school]].",
        exam="Tonsils enlarged with exudate, tender anterior cervical nodes. Lungs clear.",
        ap=("Strep pharyngitis, rapid strep positive in office. Amoxicillin 10 days, fluids, "
            "return to school/work after 24 hours of antibiotic.",),
        flags=("fever",), query="Rapid strep result is not recorded; please confirm positive "
                                "or negative so the diagnosis can be coded.",
    ),
    VisitTemplate(
        "uri", (0, 99), 7, ("J06.9",), (L(EM),),
        em=((2, 1), (3, 2)),
        cc="[[Cold symptoms|Congestion and cough|Runny nose and sore throat]]",
        hpi="{age}-year-old {sexword} with nasal congestion, rhinorrhea and mild cough for "
            "{days} days. [[No fever|Low-grade fever|No shortness of breath]].",
        exam="Nasal mucosa swollen with clear discharge, pharynx mildly red, lungs clear.",
        ap=("Acute upper respiratory infection, viral. Supportive care, saline, honey for "
            "cough; no antibiotic indicated.",),
    ),
    VisitTemplate(
        "bronchitis", (5, 90), 4, ("J20.9",), (L(EM),),
        cc="[[Cough for a week|Chest cold|Productive cough]]",
        hpi="{age}-year-old {sexword} with cough for {days} days, [[yellow sputum|"
            "chest tightness with coughing|cough keeping them up at night]]. No wheezing history.",
        exam="Scattered rhonchi that clear with cough, no crackles, no respiratory distress.",
        ap=("Acute bronchitis. Symptomatic care, benzonatate as needed; chest X-ray if not "
            "improving in 2 weeks.",),
    ),
    VisitTemplate(
        "flu", (2, 95), 4, ("J10.1",), (L(EM), L("87804", waived=True)),
        months=(10, 11, 12, 1, 2, 3), flags=("fever",),
        cc="[[Fever and body aches|Flu symptoms|Fever, cough, chills]]",
        hpi="{age}-year-old {sexword} with abrupt fever, myalgias and dry cough for {days} "
            "days. [[Household contact with flu|Did not get flu shot this year|Coworkers sick]].",
        exam="Ill-appearing but nontoxic, pharynx red, lungs clear.",
        ap=("Influenza A, rapid flu test positive in office, with cough and pharyngitis. "
            "Oseltamivir 5 days, fluids, stay home until fever-free 24 hours.",),
    ),
    VisitTemplate(
        "copd", (55, 95), 3, ("J44.1",),
        (L(EM25), L("94640"), L("96372"),
         L("J1100", units=10, ndc=DEXAMETHASONE_NDC, ndc_unit="ML", ndc_quantity="1")),
        em=((4, 1),), flags=("spo2_low",),
        cc="[[Short of breath|Worse breathing|COPD flare]]",
        hpi="{age}-year-old {sexword} with COPD, {pack_years} pack-years, with increased "
            "dyspnea and sputum for {days} days. Using albuterol [[4-5 times a day|every "
            "3 hours|more than usual]].",
        exam="Diffuse expiratory wheezes, prolonged expiration, speaking full sentences.",
        ap=("COPD with acute exacerbation. Albuterol/ipratropium nebulizer given in office "
            "with improvement; dexamethasone 10 mg IM given. Prednisone burst, doxycycline.",
            "Follow up in 1 week; ER if worsening."),
        query="Please document whether this is a COPD exacerbation or an acute bronchitis "
              "so the diagnosis can be coded.",
    ),
    VisitTemplate(
        "pneumonia", (18, 95), 2, ("J18.9",),
        (L(EM25), L("96372"),
         L("J0696", units=4, ndc=CEFTRIAXONE_NDC, ndc_unit="UN", ndc_quantity="1")),
        em=((4, 1),), flags=("fever", "spo2_low"),
        cc="[[Fever and cough|Cough and chest pain with breathing]]",
        hpi="{age}-year-old {sexword} with fever, productive cough and pleuritic pain for "
            "{days} days.",
        exam="Crackles at the right base with egophony. No distress.",
        ap=("Community-acquired pneumonia, right lower lobe by exam. Ceftriaxone 1 g IM given "
            "in office, then oral azithromycin and amoxicillin-clavulanate.",
            "Recheck in 48 hours."),
    ),
    VisitTemplate(
        "uti", (18, 90), 5, ("N39.0",), (L(EM), L("81002")), sex="F",
        cc="[[Burning with urination|Urinary frequency|Possible bladder infection]]",
        hpi="{age}-year-old {sexword} with dysuria and frequency for {days} days. No flank "
            "pain, no vaginal discharge.",
        exam="Mild suprapubic tenderness, no CVA tenderness.",
        ap=("Urinary tract infection; urine dip positive for leukocytes and nitrites. "
            "Nitrofurantoin 5 days, culture sent.",),
    ),
    VisitTemplate(
        "ankle", (12, 60), 3, ("S93.402A",), (L(EM),),
        cc="[[Twisted left ankle|Left ankle injury|Left ankle pain after a fall]]",
        hpi="{age}-year-old {sexword} rolled the left ankle [[playing basketball|on a curb|"
            "stepping off a ladder]] {days} days ago. Able to bear weight.",
        exam="Swelling and tenderness over the lateral left ankle; no bony tenderness at the "
             "malleoli or base of 5th metatarsal (Ottawa rules negative).",
        ap=("Sprain of left ankle, initial encounter. RICE, lace-up brace, ibuprofen; "
            "home exercises.",),
        query="Please document laterality of the ankle injury (left, right or both).",
    ),
    VisitTemplate(
        "lbp", (20, 80), 5, ("M54.50",), (L(EM),),
        cc="[[Low back pain|Back pain after lifting|Back spasm]]",
        hpi="{age}-year-old {sexword} with low back pain for {days} days after [[moving "
            "furniture|yard work|a long drive]]. No leg weakness, no bladder or bowel changes.",
        exam="Paraspinal lumbar tenderness, negative straight leg raise bilaterally, "
             "strength and reflexes normal.",
        ap=("Low back pain, mechanical, no red flags. NSAID, heat, stay active; PT referral "
            "if not better in 4 weeks.",),
    ),
    VisitTemplate(
        "headache", (12, 75), 3, ("R51.9",), (L(EM),),
        cc="[[Headaches|Daily headaches|Headache for a week]]",
        hpi="{age}-year-old {sexword} with bifrontal pressure headache for {days} days, "
            "[[worse at the end of the day|better with rest|with poor sleep]]. No aura, "
            "no neurological symptoms.",
        exam="Neurological exam normal, fundi benign, no neck stiffness.",
        ap=("Headache, no features of a secondary cause. Hydration, sleep hygiene, "
            "acetaminophen as needed; headache diary.",),
    ),
    VisitTemplate(
        "abd_pain", (12, 80), 2, ("R10.9",), (L(EM), L("85025"), L("36415")),
        cc="[[Stomach pain|Abdominal pain|Belly pain for several days]]",
        hpi="{age}-year-old {sexword} with intermittent diffuse abdominal pain for {days} "
            "days, no vomiting, normal stools.",
        exam="Abdomen soft, mild diffuse tenderness, no guarding or rebound.",
        ap=("Abdominal pain, unspecified site, benign exam. CBC drawn today; bland diet; "
            "return precautions reviewed.",),
    ),
    VisitTemplate(
        "conjunctivitis", (0, 70), 3, ("H10.9",), (L(EM),),
        em=((2, 1),),
        cc="[[Red eye|Pink eye|Eye crusting in the morning]]",
        hpi="{age}-year-old {sexword} with eye redness and discharge for {days} days. "
            "No vision change, no pain.",
        exam="Conjunctival injection with mucopurulent discharge, cornea clear, vision normal.",
        ap=("Conjunctivitis. Polymyxin-trimethoprim drops 5 days, hand hygiene.",),
    ),
    VisitTemplate(
        "cerumen", (5, 95), 2, ("H61.21",), (L("69210", modifiers=("RT",)),),
        cc="[[Right ear plugged|Decreased hearing right ear]]",
        hpi="{age}-year-old {sexword} with fullness and decreased hearing in the right ear "
            "for {days} days.",
        exam="Right canal fully occluded with hard cerumen; left canal clear.",
        ap=("Impacted cerumen, right ear. Removed with curette and loop under direct "
            "visualization; TM intact afterward, hearing improved.",),
    ),
    VisitTemplate(
        "wart", (5, 60), 1.5, ("B07.8",), (L("17110"),),
        cc="[[Warts on hand|Wart removal]]",
        hpi="{age}-year-old {sexword} with [[3|4|6]] common warts on the fingers for months, "
            "failed over-the-counter treatment.",
        exam="Verrucous papules on the dorsal fingers, largest 5 mm.",
        ap=("Common warts. Destroyed with liquid nitrogen cryotherapy, two freeze-thaw "
            "cycles; wound care reviewed.",),
    ),
    VisitTemplate(
        "skin_biopsy", (30, 90), 1.5, ("D49.2",), (L("11102"),),
        cc="[[Changing mole|New spot on back]]",
        hpi="{age}-year-old {sexword} reports a pigmented lesion on the left upper back that "
            "has changed in color over months.",
        exam="6 mm irregular brown macule, left upper back.",
        ap=("Neoplasm of uncertain nature of the skin, left upper back. Tangential (shave) "
            "biopsy performed, specimen to pathology.",),
    ),
    VisitTemplate(
        "chest_pain", (35, 90), 2, ("R07.9",), (L(EM), L("93000")),
        em=((4, 1),),
        cc="[[Chest pain|Chest discomfort]]",
        hpi="{age}-year-old {sexword} with intermittent chest discomfort for {days} days, "
            "[[not exertional|after meals|while at rest]], no radiation or syncope.",
        exam="Heart regular without murmur, chest wall nontender, lungs clear.",
        ap=("Chest pain, unspecified. 12-lead ECG in office with interpretation: sinus "
            "rhythm, no acute changes. Stress test ordered; ER precautions.",),
    ),
)
