"""The demo's published report (Mrs AA, killed by her adult son): the sections a chair writes, so the demo's
documents read as a report the Home Office approved, and agree with its recorded recommendations (17.1, 17.3,
18.1-18.3). Sections the record writes (timescales, panel, terms of reference) come from the record."""


def overview_texts(victim: str, son: str) -> dict[str, str]:
    """Overview Report sections by key; `victim` and `son` are person tokens."""
    v, s = victim, son
    return {
        "tribute": (
            f"{v}'s daughter describes her as a proud, independent woman who brought up three children on her own, "
            "worked for thirty years as a school cook and never missed a grandchild's birthday.\n\n"
            f"The panel offers its sincere condolences to {v}'s family and friends."
        ),
        "introduction": (
            f"This review examines the contact agencies had with {v}, aged 74, and her son {s}, aged 46, before "
            f"{v} was killed at her home in Westminster in March 2025.\n\n"
            f"{s} lived with his mother and was her main carer. He was convicted of her manslaughter in "
            "October 2025."
        ),
        "methodology": (
            "The panel asked the police and adult social care for Individual Management Reviews, and the mental "
            "health trust for a chronology. It combined the chronologies, met twice, and interviewed the "
            "practitioners who knew the family best.\n\n"
            "The chair read research on adult family homicide and on carer stress, listed in Appendix D."
        ),
        "involvement_of_family": (
            f"The chair met {v}'s daughter twice, with her advocate from Advocacy After Fatal Domestic Abuse. She "
            "helped shape the terms of reference, gave the tribute in the preface, and read the draft report, with "
            "four weeks to comment.\n\n"
            f"{s} was approached through the prison and declined to take part."
        ),
        "contributors": (
            "Three agencies contributed to the review. The table below gives each contribution's author, their role "
            "and agency, and whether they were independent of the case and its management."
        ),
        "parallel_reviews": (
            f"The criminal trial concluded in October 2025. The coroner did not resume the inquest after {s}'s "
            "conviction."
        ),
        "background": (
            f"{v} lived in a housing association flat in Westminster. After a fall in 2022 her son moved in to care "
            "for her. He had a long history of alcohol misuse and had been known to mental health services since "
            "2015."
        ),
        "chronology": (
            "In 2023 the police were called twice to the flat after neighbours heard shouting; on the second visit "
            f"{v} had a bruised arm and said she had fallen. A DASH risk assessment was graded standard risk.\n\n"
            f"Later that year the GP saw {v} with bruising and noted that her son managed her money. Adult social "
            "care assessed her needs and recorded her son as her carer, without asking how he cared for her."
        ),
        "overview": (
            "Three agencies saw signs of harm within a year. Each responded to the part it saw; none saw the whole, "
            "and none asked whether the carer was the risk."
        ),
        "analysis": (
            "### Knowledge of risk\n\n"
            "The police recorded the DASH assessment but did not share it with the GP or with adult social care, so "
            "the GP who later saw her bruising did not know of the earlier call-outs.\n\n"
            "### Economic abuse\n\n"
            f"{s} controlled his mother's pension and bank card. Agencies saw this as help with money, not as a "
            "possible form of economic abuse, defined in section 1 of the Domestic Abuse Act 2021."
        ),
        "conclusions": (
            "Risk information held by the police did not reach the health professionals who saw the victim later.\n\n"
            f"Professionals did not ask {v} about abuse on her own: her son attended every appointment.\n\n"
            "Carers' assessments did not consider whether the carer posed a risk to the person cared for."
        ),
        "lessons": (
            "GP practices need to record and act on disclosures of abuse by older patients.\n\n"
            "Adult family violence is a form of domestic abuse, and carers' assessments must consider it.\n\n"
            "Home fire safety visits are a chance to notice abuse of older people at home."
        ),
        "dissemination": (
            f"The report will be shared with {v}'s family, the partnership's board, the Home Office, the Domestic "
            "Abuse Commissioner, the Mayor's Office for Policing and Crime and every agency that contributed."
        ),
        "appendix_bibliography": (
            "Bows, H. (2019) Domestic homicide of older people (2010-15): a comparative analysis of intimate-partner "
            "homicide and parricide cases in the UK. British Journal of Social Work, 49(5)."
        ),
    }


def summary_texts(victim: str, son: str) -> dict[str, str]:
    """Executive Summary sections by key (the recommendations come from the record)."""
    v, s = victim, son
    return {
        "review_process": (
            f"{v}'s daughter describes her as a proud, independent woman who brought up three children on her own, "
            "worked for thirty years as a school cook and never missed a grandchild's birthday.\n\n"
            f"This summary sets out the review into the death of {v}, aged 74, who was killed by her son {s}, her "
            "carer, in March 2025. The pseudonyms were chosen with her family."
        ),
        "summary_chronology": (
            "The police were called to the flat twice in 2023. The GP saw bruising later that year, and adult social "
            f"care assessed {v}'s needs with her son as her carer."
        ),
        "key_issues": (
            "Risk information was not shared with health professionals; the victim was never seen alone; carers' "
            "assessments did not consider the carer as a risk."
        ),
        "conclusions": (
            "Each agency responded to the part of the picture it saw. None asked whether the carer was the risk."
        ),
        "lessons": (
            "Adult family violence is domestic abuse. Professionals should see older patients alone, and carers' "
            "assessments should ask about the carer's own risks."
        ),
    }
