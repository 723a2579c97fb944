"""The Safer Westminster Partnership's strategy (its published page, last updated June 2018), as seed data."""

VISION = (
    "To make Westminster safer by working in partnership to reduce the risk and harm of crime and anti-social "
    "behaviour, protecting the most vulnerable."
)
PRINCIPLES = (
    "Intervening early with families and young people",
    "Working in collaboration on the key contributing factors",
)
# (name, aim, objectives)
GROUPS = (
    (
        "Victim",
        "Identify and work with repeat victims to reduce their vulnerability.",
        (
            "Co-ordinated identification of repeat victims",
            "Bespoke support against domestic violence",
            "Bespoke support for young victims under 24 at risk of serious youth violence",
            "Understanding pan-London victim provision",
            "Compliance with the Victims' Code of Practice",
            "Early intervention",
        ),
    ),
    (
        "Offender",
        "Work with the most problematic offenders to reduce reoffending.",
        (
            "Commissioned services for prolific and vulnerable offenders (substance misuse, accommodation)",
            "Bespoke support for young offenders under 24",
            "Offender cohort co-ordination",
            "Cross-border and foreign national offending",
            "Early intervention with young offenders",
        ),
    ),
    (
        "Location",
        "Reduce high-harm crime in Queen's Park and Church Street wards and the West End.",
        ("A joint area action plan driven by business intelligence",),
    ),
    (
        "CONTEST",
        "The partnership's response to counter-terrorism.",
        ("Pursue", "Protect", "Prepare", "Prevent"),
    ),
)
