"""Chronic-care, behavioral-health and preventive visit templates."""

from __future__ import annotations

from app.demo.visit_types import EM, EM25, FLU_SEASON, PREVENTIVE, L, VisitTemplate

TRIAMCINOLONE_NDC = "00003029305"

CHRONIC: tuple[VisitTemplate, ...] = (
    VisitTemplate(
        "dm2", (35, 95), 8, ("E11.65", "I10"),
        (L(EM, 1, 2), L("83036", waived=True), L("80053", 1, 2), L("36415", 1, 2)),
        em=((4, 8), (5, 1), (3, 2)),
        cc="[[Diabetes follow-up|3-month diabetes check|Diabetes and blood pressure visit]]",
        hpi="{age}-year-old {sexword} with type 2 diabetes on metformin. Home readings "
            "[[180-240 fasting|mostly over 200|170s to 250s]], [[more thirst|no lows|missed "
            "doses while traveling]]. Blood pressure treated with lisinopril.",
        exam="Heart regular, lungs clear. Feet: monofilament intact, no ulcers, pulses 2+.",
        ap=("Type 2 diabetes mellitus with hyperglycemia, A1c {a1c}% today (was {a1c_prev}%). "
            "Add [[glipizide 5 mg daily|empagliflozin 10 mg daily|weekly semaglutide]]; "
            "nutrition referral.",
            "Essential hypertension, controlled. Continue lisinopril. CMP drawn."),
        query="Diabetes documented with A1c {a1c}: please state whether it is with "
              "hyperglycemia, and list any complications.",
    ),
    VisitTemplate(
        "htn", (30, 95), 9, ("I10",), (L(EM),), em=((3, 8), (2, 1), (4, 1)),
        cc="[[Blood pressure follow-up|BP recheck|Medication refill]]",
        hpi="{age}-year-old {sexword} with hypertension on [[amlodipine 5 mg|lisinopril 20 mg|"
            "losartan 50 mg]] daily, home readings in the 120s-130s. No chest pain or edema.",
        exam="Heart regular without murmur, lungs clear, no edema.",
        ap=("Essential hypertension, controlled. Continue current dose; labs at next visit.",),
    ),
    VisitTemplate(
        "bp_check", (30, 95), 2, ("I10",), (L(EM),), em=((1, 1),), new_allowed=False,
        cc="Nurse blood pressure check",
        hpi="{age}-year-old {sexword} here for a nurse BP check 2 weeks after a dose change.",
        exam="Seated BP repeated after 5 minutes of rest.",
        ap=("Essential hypertension: BP {bp}, reviewed with the provider; no change.",),
    ),
    VisitTemplate(
        "htn_hld", (40, 90), 4, ("I10", "E78.5"),
        (L(EM, 1, 2), L("80053", 1), L("80061", 2), L("36415", 1, 2)), em=((4, 1),),
        cc="[[Annual labs and BP follow-up|Cholesterol and blood pressure check]]",
        hpi="{age}-year-old {sexword} with hypertension and high cholesterol on atorvastatin, "
            "[[no muscle aches|some calf cramps|good adherence]].",
        exam="Heart regular, lungs clear, no carotid bruits, no edema.",
        ap=("Essential hypertension, controlled. CMP today.",
            "Hyperlipidemia, last LDL {ldl}; continue atorvastatin, lipid panel today."),
    ),
    VisitTemplate(
        "depression", (16, 85), 4, ("F32.1",), (L(EM),), em=((4, 1),),
        cc="[[Low mood|Feeling down|Depression follow-up]]",
        hpi="{age}-year-old {sexword} with low mood, poor sleep and loss of interest for "
            "[[6 weeks|2 months|several weeks]]; first episode. No suicidal ideation.",
        exam="Flat affect, linear thought process, not psychotic. PHQ-9 score {phq}.",
        ap=("Major depressive disorder, single episode, moderate. Start sertraline 50 mg; "
            "counseling referral; safety plan reviewed. Recheck in 4 weeks.",),
        query="Please specify severity (mild, moderate, severe) and whether this is a single "
              "or recurrent episode of depression.",
    ),
    VisitTemplate(
        "anxiety", (16, 80), 4, ("F41.1",), (L(EM),), em=((3, 1), (4, 1)),
        cc="[[Anxiety|Constant worry|Trouble relaxing]]",
        hpi="{age}-year-old {sexword} with excessive worry most days for over 6 months, "
            "restlessness and muscle tension. GAD-7 {gad}.",
        exam="Anxious affect, speech normal, no suicidal ideation.",
        ap=("Generalized anxiety disorder. Start escitalopram 10 mg, CBT referral.",),
    ),
    VisitTemplate(
        "gerd", (25, 85), 3, ("K21.9",), (L(EM),),
        cc="[[Heartburn|Acid reflux|Burning after meals]]",
        hpi="{age}-year-old {sexword} with heartburn after meals and at night for months, "
            "no dysphagia, no weight loss, no black stools.",
        exam="Abdomen soft, mild epigastric tenderness.",
        ap=("Gastro-esophageal reflux disease without esophagitis. Omeprazole 20 mg daily, "
            "avoid late meals.",),
    ),
    VisitTemplate(
        "acne", (12, 30), 2, ("L70.0",), (L(EM),),
        cc="[[Acne|Breakouts on face]]",
        hpi="{age}-year-old {sexword} with comedones and papules on the face for a year, "
            "tried benzoyl peroxide wash.",
        exam="Open and closed comedones with inflammatory papules on forehead and cheeks.",
        ap=("Acne vulgaris. Topical adapalene nightly and clindamycin gel; recheck 8 weeks.",),
    ),
    VisitTemplate(
        "onychomycosis", (40, 95), 2, ("B35.1",), (L(EM),), em=((2, 1), (3, 1)),
        cc="[[Thick toenails|Toenail fungus]]",
        hpi="{age}-year-old {sexword} with thickened yellow toenails on both great toes.",
        exam="Dystrophic, discolored nails of both great toes with subungual debris.",
        ap=("Onychomycosis (tinea unguium). Terbinafine after liver tests; foot hygiene.",),
    ),
    VisitTemplate(
        "asthma", (5, 60), 3, ("J45.20",), (L(EM),),
        cc="[[Asthma check|Inhaler refill]]",
        hpi="{age}-year-old {sexword} with asthma, uses albuterol [[once a week|twice a month|"
            "rarely]], no night symptoms, no ER visits.",
        exam="Lungs clear, no wheezes, good air movement.",
        ap=("Mild intermittent asthma, uncomplicated. Albuterol refill; action plan updated.",),
    ),
    VisitTemplate(
        "migraine", (14, 60), 2, ("G43.909",), (L(EM),), em=((4, 1),),
        cc="[[Migraines|Headaches with nausea]]",
        hpi="{age}-year-old {sexword} with throbbing one-sided headaches with nausea and light "
            "sensitivity, [[2|3|4]] a month, each lasting hours; relieved by sleep.",
        exam="Neurological exam normal.",
        ap=("Migraine without mention of intractability. Sumatriptan as needed; trigger "
            "diary; discussed preventive options.",),
    ),
    VisitTemplate(
        "smoking", (18, 75), 2, ("I10", "F17.210"), (L(EM25, 1, 2), L("99406", 2)),
        cc="[[BP follow-up, wants to quit smoking|Wants help to stop smoking]]",
        hpi="{age}-year-old {sexword} with hypertension who smokes {cigs} cigarettes a day, "
            "ready to quit.",
        exam="Heart regular, lungs clear.",
        ap=("Essential hypertension, controlled.",
            "Nicotine dependence, cigarettes. Tobacco cessation counseling 8 minutes; "
            "nicotine patch started; quit date set."),
    ),
    VisitTemplate(
        "knee_oa", (50, 90), 3, ("M17.11",),
        (L(EM25), L("20610", modifiers=("RT",)),
         L("J3301", units=4, ndc=TRIAMCINOLONE_NDC, ndc_unit="ML", ndc_quantity="1")),
        cc="[[Right knee pain|Knee arthritis flare]]",
        hpi="{age}-year-old {sexword} with right knee pain and stiffness, worse with stairs, "
            "pain {pain}/10, partial relief with naproxen.",
        exam="Right knee crepitus, medial joint line tenderness, small effusion, stable.",
        ap=("Primary osteoarthritis, right knee. Injected right knee with triamcinolone 40 mg "
            "and lidocaine after consent, sterile technique, tolerated well.",),
        query="Please document laterality (right, left, bilateral) of the knee osteoarthritis.",
    ),
)

PREVENTIVE_VISITS: tuple[VisitTemplate, ...] = (
    VisitTemplate(
        "awv_first", (65, 120), 3, ("Z00.00",), (L("G0438"),), coverage="medicare",
        cc="Medicare annual wellness visit (first)",
        hpi="{age}-year-old {sexword} for first annual wellness visit. Health risk "
            "assessment completed; lives [[alone|with spouse|with family]].",
        exam="Vitals, BMI, cognitive screen (Mini-Cog) normal; fall risk low.",
        ap=("Initial annual wellness visit. Personalized prevention plan, screening schedule "
            "and advance care planning information provided.",),
    ),
    VisitTemplate(
        "awv", (65, 120), 4, ("Z00.01", "I10"), (L("G0439", 1, 2),), coverage="medicare",
        flags=("bp_high",),
        cc="Medicare annual wellness visit",
        hpi="{age}-year-old {sexword} for yearly wellness visit; health risk assessment "
            "updated. Known hypertension.",
        exam="Cognitive screen normal, depression screen negative, BP {bp}.",
        ap=("Annual wellness visit with abnormal finding: blood pressure above goal.",
            "Essential hypertension, not at goal; home readings requested."),
    ),
    VisitTemplate(
        "physical", (18, 64), 5, ("Z00.00",),
        (L(PREVENTIVE), L("80053"), L("85025"), L("36415")), coverage="not_medicare",
        cc="[[Annual physical|Yearly checkup|Preventive exam]]",
        hpi="{age}-year-old {sexword} for routine adult physical, no complaints.",
        exam="Complete exam normal. Age-appropriate counseling on diet, exercise, screening.",
        ap=("General adult medical exam without abnormal findings. CMP and CBC drawn.",),
    ),
    VisitTemplate(
        "well_child", (0, 17), 6, ("Z00.129",), (L(PREVENTIVE),), coverage="not_medicare",
        cc="Well-child check",
        hpi="{age}-year-old {sexword} for well visit; growth and development on track, "
            "school going well.",
        exam="Normal growth, full exam normal, vision and hearing screens passed.",
        ap=("Routine child health exam without abnormal findings. Anticipatory guidance.",),
    ),
    VisitTemplate(
        "well_child_flu", (3, 17), 4, ("Z00.129", "Z23"),
        (L(PREVENTIVE), L("90471", 2), L("90686", 2)), coverage="not_medicare",
        months=FLU_SEASON,
        cc="Well-child check and flu shot",
        hpi="{age}-year-old {sexword} for well visit; parent requests the flu vaccine.",
        exam="Normal growth, full exam normal.",
        ap=("Routine child health exam without abnormal findings.",
            "Immunization: influenza vaccine, preservative-free, lot {lot}, left deltoid; "
            "VIS given."),
    ),
    VisitTemplate(
        "well_child_tdap", (11, 12), 3, ("Z00.129", "Z23"),
        (L(PREVENTIVE), L("90471", 2), L("90715", 2)), coverage="not_medicare",
        cc="Well-child check, school vaccines",
        hpi="{age}-year-old {sexword} for well visit before middle school.",
        exam="Normal growth, Tanner stage appropriate, full exam normal.",
        ap=("Routine child health exam without abnormal findings.",
            "Immunization: Tdap, lot {lot}, right deltoid; VIS given."),
    ),
    VisitTemplate(
        "flu_shot", (3, 64), 6, ("Z23",), (L("90471"), L("90686")), months=FLU_SEASON,
        coverage="not_medicare", new_allowed=False,
        cc="Flu shot", hpi="{age}-year-old {sexword} requests the seasonal flu vaccine.",
        exam="Afebrile, no contraindications on screening.",
        ap=("Encounter for immunization: influenza vaccine, lot {lot}, left deltoid.",),
    ),
    VisitTemplate(
        "flu_shot_medicare", (65, 120), 6, ("Z23",), (L("G0008"), L("90686")),
        months=FLU_SEASON, coverage="medicare", new_allowed=False,
        cc="Flu shot", hpi="{age}-year-old {sexword} requests the seasonal flu vaccine.",
        exam="Afebrile, no contraindications on screening.",
        ap=("Encounter for immunization: influenza vaccine, lot {lot}, left deltoid.",),
    ),
)
