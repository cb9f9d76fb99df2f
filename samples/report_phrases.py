"""Sentence banks for samples/generate_reports.py: fictional findings in CQC's register.

Every line here was written for this project. A template is expanded by `expand`:
`[a|b|c]` picks one alternative, `{slot}` is filled from the council's own names and
figures, so the same template reads differently in every report. Findings are grouped by
theme (the subjects that recur across real assessments) and polarity: "strength",
"improvement" or "context" (neutral description).
"""

from __future__ import annotations

import random
import re

_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


def expand(template: str, slots: dict[str, str], rng: random.Random) -> str:
    """Fill one template: alternatives first (they may contain slots), then slots."""
    text = _CHOICE.sub(lambda match: rng.choice(match.group(1).split("|")), template)
    text = _SLOT.sub(lambda match: _slot_value(match.group(1), slots, rng), text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[0].upper() + text[1:]


def _slot_value(name: str, slots: dict[str, str], rng: random.Random) -> str:
    """Council names come from `slots`; figures are drawn fresh each time they appear."""
    if name in slots:
        return slots[name]
    low, high = FIGURE_RANGES[name]
    value = rng.randint(low, high)
    return f"{value:,}"


FIGURE_RANGES = {
    "few": (3, 19),
    "some": (20, 180),
    "many": (200, 950),
    "lots": (1_000, 4_800),
    "pct": (12, 94),
    "weeks": (2, 19),
    "months": (2, 15),
    "days": (2, 28),
}

# Said before a finding to vary who the evidence came from. Empty strings keep most
# sentences plain, as real reports do.
_NEUTRAL_OPENERS = (
    "",
    "",
    "",
    "",
    "",
    "",
    "Staff told us that ",
    "Partners said that ",
    "People told us that ",
    "We heard that ",
    "Senior managers told us that ",
    "Providers told us that ",
)
OPENERS = {
    "strength": (
        *_NEUTRAL_OPENERS,
        "Records we reviewed showed that ",
        "Feedback we received showed that ",
    ),
    "improvement": (
        *_NEUTRAL_OPENERS,
        "Leaders acknowledged that ",
        "The council's own data showed that ",
        "Frontline staff said that ",
    ),
    "context": ("",),
}

# Where a finding happened, for sentences that name nothing of their own council: without
# it a third of 153 councils' findings repeated another council's word for word (real
# reports repeat almost none), and the embedding cache then encoded each once, so the
# scale benchmark understated the real load.
LOCATORS = (
    " in {place}",
    " across {place}",
    " for people in {place}",
    " in the {place} area",
    " here in {place}",
)
LEADING_LOCATORS = ("In {place}, ", "Across {place}, ", "Here in {place}, ")

CONNECTORS = {
    "strength": ("", "", "", "In addition, ", "Positively, ", "As a result, ", "Also, "),
    "improvement": ("", "", "", "However, ", "Despite this, ", "At the same time, ", "Even so, "),
    "context": ("", "", "", "At the time of our assessment, ", "In {year}, ", "Locally, "),
}

# Per-theme findings. Each polarity has several templates with alternatives inside.
THEMES: dict[str, dict[str, tuple[str, ...]]] = {
    "carers": {
        "strength": (
            "unpaid carers [could get|were offered|had access to] a [timely|prompt|"
            "well-regarded] carer's assessment through {carers_org}",
            "{carers_org} [ran|offered|provided] [peer support groups|a telephone advice line|"
            "drop-in sessions|training courses] that carers [valued highly|spoke warmly of|"
            "found practical]",
            "carers were [routinely|consistently|usually] [involved in|consulted about] the "
            "[assessment|support plan|review] of the person they [cared for|looked after]",
            "[short breaks|respite|replacement care] for carers [could be arranged|were "
            "available] [at short notice|within {days} days|flexibly], which carers said "
            "[helped them keep going|made a real difference|eased the strain]",
            "the [carers strategy|joint carers plan] had been [written with|shaped by] carers "
            "and [set out clear actions|was being delivered on time]",
            "young carers moving into adulthood were [identified early|offered an assessment "
            "before they turned 18|linked with an adult carers worker]",
        ),
        "improvement": (
            "[unpaid carers|family carers|carers] [waited|had to wait] [up to {months} "
            "months|a long time|several months] for a carer's assessment",
            "only {pct}% of carers [surveyed|who responded] said they [felt supported|had "
            "been offered an assessment|knew where to get help]",
            "[respite|short breaks|replacement care] for carers was [hard to arrange|in "
            "short supply|rarely available] in {area}",
            "carers' assessments were [often|frequently|sometimes] [treated as a lower "
            "priority|folded into the cared-for person's assessment|not recorded "
            "separately]",
            "[the council|leaders] did not know how many unpaid carers lived in {place} or "
            "what [support|help] they [needed|received]",
            "carers [said|told us] they [had found out about their rights by chance|were not "
            "given information about support|felt invisible to the council]",
        ),
        "context": (
            "about {lots} people in {place} [provided|gave] unpaid care to a relative or "
            "friend, according to the [census|council's estimates]",
            "the council commissioned {carers_org} to [deliver|carry out] carers' "
            "assessments on its behalf",
            "{many} carers' assessments were completed in {year}",
        ),
    },
    "equality": {
        "strength": (
            "the council [used|analysed|broke down] [data on protected characteristics|"
            "equality data|demographic data] to [find|spot|understand] groups who were "
            "[under-served|missing out|less likely to get support]",
            "[interpreters|translated materials|easy read information] were [readily|easily|"
            "routinely] available, and staff knew how to arrange them",
            "work with [faith groups|community leaders|Gypsy and Traveller families|refugee "
            "and migrant groups] had [improved|increased] [take-up of support|trust in the "
            "council]",
            "an equality impact assessment was [completed|carried out] for [every major "
            "decision|each service change|new policies], and leaders could show how it "
            "[changed|shaped] plans",
        ),
        "improvement": (
            "[the council|leaders] did not [collect|record|analyse] [equality data|data on "
            "ethnicity|information on protected characteristics] [consistently|well enough] "
            "to [know|understand] who was missing out",
            "ethnicity was [not recorded|missing] for {pct}% of people [receiving support|"
            "on the waiting list|in the case records]",
            "people from [minority ethnic communities|LGBTQ+ communities|disabled people's "
            "groups] [told us|said] that [information|services] did not [reflect|meet] "
            "their needs",
            "[information|leaflets|the council's website] [was|were] not [available in "
            "community languages|accessible to people with a learning disability|offered in "
            "easy read]",
            "[staff|leaders] could not [say|show] how [the council's equality objectives|"
            "its equality work] had [changed|improved] outcomes for people",
        ),
        "context": (
            "around {pct}% of [residents|people in {place}] were from [Black, Asian or mixed "
            "ethnic groups|minority ethnic communities]",
            "the council had set [new|revised] equality objectives in {year}",
        ),
    },
    "prevention": {
        "strength": (
            "[people|residents] could get [good|clear|practical] [information and advice|"
            "early help|support] through {front_door} [without a formal assessment|before "
            "their needs grew|at the first contact]",
            "the council [funded|invested in|had expanded] [community connectors|social "
            "prescribing|local area coordinators], who [helped|linked] people [to find|with] "
            "support close to home",
            "[falls prevention|strength and balance classes|community equipment|minor "
            "adaptations] [helped people stay|kept people] [independent|at home] for longer",
            "[a prevention strategy|the council's prevention plan] [set out|described] how "
            "[early help|low-level support] would [reduce|delay] the need for care",
        ),
        "improvement": (
            "[preventative services|early help|low-level support] [were patchy|varied across "
            "the area|were not well known] and [people|residents] in {area} [struggled to "
            "find|missed out on] them",
            "the council [could not show|did not know] whether [its prevention work|early "
            "help] [reduced|delayed] the need for [long-term care|formal support]",
            "[the council's website|information online|printed information] was [out of "
            "date|hard to navigate|confusing], and people [gave up|had to phone several "
            "times]",
            "[cuts to|the loss of] [grants for community groups|day opportunities|lunch "
            "clubs] had [reduced|narrowed] the [choice|early support] available to people",
        ),
        "context": (
            "{front_door} [handled|received] about {lots} [contacts|calls and emails] a month",
            "the [prevention|early help] offer was [run|delivered] jointly with {partner}",
        ),
    },
    "reablement": {
        "strength": (
            "{reablement_team} [helped|supported] [most|{pct}% of] people to [regain their "
            "independence|return to daily routines|manage without ongoing care] after "
            "[a hospital stay|a fall|an illness]",
            "people [who used|supported by] {reablement_team} were [positive about|full of "
            "praise for] the [practical|encouraging|patient] help they [had|received]",
            "[occupational therapists|therapists] worked [alongside|within] {reablement_team}, "
            "so equipment and [adaptations|advice] came [quickly|without delay]",
            "{pct}% of older people were still at home 91 days after [leaving hospital into "
            "reablement|a period of reablement], [above|better than] the [England average|"
            "regional figure]",
        ),
        "improvement": (
            "[places with|capacity in] {reablement_team} [were limited|fell short of demand], "
            "and [some|many] people went straight to [long-term home care|a care home] "
            "instead",
            "people waited [up to {weeks} weeks|{days} days or more] for a [reablement|"
            "therapy] place [after leaving hospital|at home]",
            "[the council|leaders] did not [track|measure] [outcomes of reablement|how many "
            "people needed less care afterwards]",
            "{reablement_team} was [not available|not offered] to [people living with "
            "dementia|people in {area}|people referred from the community]",
        ),
        "context": (
            "{reablement_team} [supported|took] about {many} people in {year}",
            "the council [ran|provided] reablement [in-house|through a block contract]",
        ),
    },
    "workforce": {
        "strength": (
            "staff [said|told us] they felt [valued|well supported|listened to] by "
            "[managers|leaders] and had [manageable caseloads|regular supervision|good "
            "training]",
            "[a grow-your-own scheme|social work apprenticeships|a new career pathway] had "
            "[reduced|cut] [vacancies|reliance on agency staff] to {pct}%",
            "[the council|leaders] [worked with providers|funded providers] to [recruit|"
            "train|retain] care workers, and [turnover|vacancies] had [fallen|dropped]",
            "[principal social workers|practice leads] [ran|led] [reflective practice "
            "sessions|practice forums|learning events] that staff [valued|found useful]",
        ),
        "improvement": (
            "[high vacancy rates|staff shortages|recruitment difficulties] in [social work|"
            "occupational therapy|care work] [led to|caused] [delays|long waits|gaps in "
            "support]",
            "{pct}% of social work posts were [filled by agency staff|vacant] at the time of "
            "our assessment",
            "staff [described|reported] [high caseloads|heavy workloads|low morale] and "
            "[limited|infrequent] supervision",
            "[care providers|home care agencies] [struggled|found it hard] to [recruit|keep] "
            "staff, [particularly|especially] in {area}",
        ),
        "context": (
            "the council employed about {many} staff in adult social care",
            "[a workforce strategy|a recruitment plan] was [launched|agreed] in {year}",
        ),
    },
    "transitions": {
        "strength": (
            "[young people|young adults] moving from children's to adult services were "
            "[identified from age 14|known to a transitions team early|planned for well "
            "ahead]",
            "{transitions_team} [worked closely|met regularly] with children's services, "
            "[so|and] moves to adult support were [smooth|well planned]",
            "young people and their families said they [felt involved|were kept informed] "
            "[throughout|at every stage of] the move to adult services",
        ),
        "improvement": (
            "[moves|transitions] from children's to adult services were [not always well "
            "planned|often late|left too late], [leaving|and this left] young people "
            "[without support|in limbo]",
            "[families|parents] [told us|said] they had to [repeat their story|chase "
            "adult services|fight for support] when their child turned 18",
            "[there was no|the council lacked a] [shared protocol|joint policy] between "
            "children's and adult services for [transitions|preparing for adulthood]",
        ),
        "context": (
            "about {some} young people were [expected|due] to move to adult services in "
            "the [next two years|coming year]",
            "{transitions_team} was [set up|created] in {year}",
        ),
    },
    "waiting": {
        "strength": (
            "[waiting lists|waits] for [assessments|reviews|occupational therapy] had "
            "[fallen|come down] by {pct}% [over the last year|since {year}]",
            "people on waiting lists were [contacted regularly|risk-rated|given a named "
            "contact] so that [urgent needs|changes in need] were [picked up|spotted] quickly",
            "most [Care Act assessments|assessments] were [completed|started] within "
            "{days} days of [a request|first contact]",
        ),
        "improvement": (
            "{many} people were waiting for [a Care Act assessment|an assessment|a review], "
            "and the longest wait was [{months} months|over a year]",
            "[waits|waiting times] for [occupational therapy|OT assessments|equipment and "
            "adaptations] were [long|too long|growing], with a median wait of {weeks} weeks",
            "[annual reviews|reviews of care] were [overdue|not carried out] for {pct}% of "
            "people [receiving long-term support|with a care plan]",
            "the council [could not be sure|did not know] whether [people's needs|risks] "
            "had [changed|increased] while they waited",
        ),
        "context": (
            "[the council|adult social care] [received|handled] about {lots} requests for "
            "support in {year}",
            "[a waiting list recovery plan|a backlog project] [started|began] in {year}",
        ),
    },
    "direct_payments": {
        "strength": (
            "people [using|who received] direct payments [said|told us] they [felt in "
            "control of|could shape] their [support|care]",
            "{pct}% of people receiving long-term support [used|had] direct payments, "
            "[above|well above] the [national|England] average",
            "[a support service|{dp_service}] helped people [find personal assistants|"
            "manage payroll|set up] their direct payments",
        ),
        "improvement": (
            "[take-up|use] of direct payments was [low|falling], and staff [did not always "
            "offer them|were not confident explaining them]",
            "people [found|said] [it hard|it difficult] to [recruit|keep] personal "
            "assistants, [particularly|especially] in {area}",
            "[setting up|arranging] a direct payment took [up to {weeks} weeks|too long], "
            "and [some people|people] gave up",
        ),
        "context": (
            "about {many} people [received|were using] direct payments",
            "{dp_service} [was commissioned|ran] the direct payment support service",
        ),
    },
    "safeguarding": {
        "strength": (
            "safeguarding [concerns|referrals] were [screened|triaged] [the same day|within "
            "{days} days|promptly] by {safeguarding_hub}",
            "[practitioners|staff] [asked people|made sure people were asked] what outcomes "
            "they wanted from a safeguarding enquiry, in line with Making Safeguarding "
            "Personal",
            "the safeguarding adults board [had|kept] a [clear|strong] grip on [themes|"
            "learning] from [reviews|audits], and partners [acted on|shared] them",
            "[partners|the police and health partners] [described|praised] [strong|effective] "
            "joint working on [safeguarding|complex cases]",
        ),
        "improvement": (
            "{some} safeguarding [concerns|enquiries] were [waiting to be screened|not yet "
            "allocated] at the time of our assessment",
            "[safeguarding enquiries|section 42 enquiries] [took too long|were delayed], and "
            "[people|families] were not [always|consistently] told the outcome",
            "the council [did not audit|had not audited] [safeguarding practice|the quality "
            "of enquiries] [regularly|for some time]",
            "[providers|partners] [said|told us] that feedback on [safeguarding concerns|"
            "referrals] they raised was [rare|slow|inconsistent]",
        ),
        "context": (
            "{safeguarding_hub} [received|handled] about {lots} safeguarding concerns in {year}",
            "the safeguarding adults board [covered|was shared with] [neighbouring councils|"
            "two other councils]",
        ),
    },
    "discharge": {
        "strength": (
            "[hospital discharge|discharge from hospital] [worked well|was well coordinated], "
            "and most people [went home|left hospital] [on the day they were ready|without "
            "delay]",
            "a [joint|integrated] discharge [hub|team] with {partner} [met daily|planned "
            "each discharge] and [reduced|cut] delays",
            "[people|families] [said|told us] they [understood|were told] what would happen "
            "when they left hospital",
        ),
        "improvement": (
            "[some|too many] people [stayed in hospital|waited in hospital] [longer than "
            "they needed|for {days} days or more] because [care at home|a care home place] "
            "was not [ready|available]",
            "[people|families] [said|told us] they were [discharged|sent home] [without "
            "the right equipment|before support was in place|without being told what to "
            "expect]",
            "[temporary|short-term] care home placements after hospital [became|turned into] "
            "permanent [without a review|because reviews were late]",
        ),
        "context": (
            "the council worked with {partner} on hospital discharge",
            "about {many} people were discharged [with council support|through the discharge "
            "hub] in {year}",
        ),
    },
    "home_care": {
        "strength": (
            "[there was|the council had secured] [enough|sufficient] home care [in most "
            "areas|across {place}], and [people|most people] [did not wait|waited only a few "
            "days] for a package",
            "{pct}% of home care providers were rated good or outstanding",
            "[the council|commissioners] [paid|set] fee rates that providers [said|described "
            "as] [fair|sustainable], [which|and this] [helped|supported] [stability|quality]",
        ),
        "improvement": (
            "home care was [hard to find|in short supply|not available] in {area}, and "
            "people waited [up to {weeks} weeks|{days} days or more] for a package",
            "[providers|home care agencies] [said|told us] fee rates did not [cover|meet] "
            "the cost of care",
            "[people|families] [complained about|described] [late calls|rushed visits|"
            "different care workers each day]",
            "[the council|commissioners] [had limited|did not have enough] [oversight of|"
            "information about] the quality of home care",
        ),
        "context": (
            "the council [commissioned|bought] home care from about {some} providers",
            "[a new home care framework|new home care contracts] started in {year}",
        ),
    },
    "coproduction": {
        "strength": (
            "people with lived experience [helped design|shaped|co-produced] [the new "
            "strategy|services|the carers plan], [and|so] [their views|what they said] "
            "[changed|made a difference to] [decisions|the final plan]",
            "[a people's panel|an experts by experience group|a co-production board] "
            "[met regularly|reported to leaders] and [was taken seriously|had real "
            "influence]",
            "[complaints were|feedback was] [used|analysed] to [improve|change] [services|"
            "practice], and leaders could [give examples|show what had changed]",
        ),
        "improvement": (
            "[co-production|involving people] was [at an early stage|not embedded|"
            "inconsistent], and people [felt|said] they were [consulted too late|not "
            "listened to]",
            "[the council|leaders] did not [routinely|consistently] [gather|use] feedback "
            "from people who [used services|drew on care]",
            "[complaints|responses to complaints] [took too long|were slow], and [lessons were|"
            "learning was] not [shared|acted on]",
        ),
        "context": ("the council [held|ran] {few} [engagement events|listening events] in {year}",),
    },
    "leadership": {
        "strength": (
            "[leaders|senior leaders] had a [clear|shared] [vision|understanding] of "
            "[adult social care|local needs] and [staff|partners] [understood|supported] it",
            "[councillors|elected members] [scrutinised|challenged] [performance|adult "
            "social care] [well|effectively], using [regular|clear] [reports|data]",
            "[the council|leaders] [had a good grip on|understood] [their|its] [budget|"
            "finances], and [savings plans|spending] were [realistic|on track]",
            "[performance data|dashboards] [were|was] [used|reviewed] [regularly|every "
            "month] to [spot|act on] problems early",
        ),
        "improvement": (
            "[leaders|the council] did not have [reliable|accurate|timely] [data|"
            "performance information] [after the move to a new case management system|on "
            "waiting lists|on outcomes]",
            "[adult social care|the service] [overspent|was over budget] by [about "
            "{pct}%|several million pounds], and [savings plans|recovery plans] were [at "
            "risk|not yet delivered]",
            "[frequent changes of|interim] leadership had [slowed|held back] [improvement|"
            "progress], and staff [felt|said] [unsettled|uncertain]",
            "[risks|key risks] were not [always|consistently] [escalated|reported] to "
            "[councillors|senior leaders]",
        ),
        "context": (
            "a new Director of Adult Social Services [started|was appointed] in {year}",
            "the council [set|agreed] a [three-year|new] adult social care strategy in {year}",
        ),
    },
    "partnership": {
        "strength": (
            "[partners|the voluntary sector|health partners] [described|said] [the "
            "council|adult social care] as [open|collaborative|a good partner]",
            "[joint commissioning|pooled budgets] with {partner} [improved|joined up] "
            "[support|services] for people",
            "the council [worked|had worked] with {partner} on [mental health support|"
            "housing|community safety], and people [benefited|got better support]",
        ),
        "improvement": (
            "[partners|voluntary organisations] [said|told us] [short-term funding|annual "
            "contracts] made it hard to [plan|keep staff]",
            "[joint working|information sharing] with {partner} was [underdeveloped|"
            "inconsistent], and people [fell between services|had to repeat themselves]",
            "[the council|partners] had not [agreed|set out] [shared priorities|a joint plan] "
            "for [integration|working together]",
        ),
        "context": (
            "the council was part of the [{place} and {neighbour} integrated care system|"
            "{neighbour} integrated care board area]",
        ),
    },
    "market": {
        "strength": (
            "[the council|commissioners] [understood|knew] [the care market|local demand] "
            "well and had [plans|a market position statement] to [meet|shape] it",
            "[extra care housing|supported living] [had grown|was expanding], giving people "
            "[more choice|alternatives to a care home]",
            "[there were enough|the council had enough] care home [places|beds] for "
            "[older people|people with dementia], [most|{pct}%] rated good or better",
        ),
        "improvement": (
            "[there were not enough|the council lacked] [nursing home places|specialist "
            "dementia beds|supported living places], and people were placed [out of area|"
            "far from family]",
            "[top-up fees|third-party top-ups] were [common|often asked for], and [families|"
            "people] [said|told us] they had no [choice|alternative]",
            "[the market position statement|market shaping] was [out of date|not used], "
            "and [providers|commissioners] [lacked|did not share] a [clear|common] view of "
            "[future need|demand]",
        ),
        "context": (
            "there were about {some} care homes in {place}",
            "the council [placed|funded] about {many} people in care homes",
        ),
    },
    "advocacy": {
        "strength": (
            "[people|people who needed it] [got|were offered] [independent advocacy|an "
            "advocate] [quickly|without delay|when they needed it]",
            "[staff|practitioners] [understood|knew] when to [refer to|offer] [an "
            "advocate|advocacy], and [referrals|use] had [grown|increased]",
        ),
        "improvement": (
            "[people|some people] waited [up to {weeks} weeks|too long] for [an "
            "advocate|independent advocacy]",
            "[staff|practitioners] did not [always|consistently] [offer|consider] "
            "[advocacy|an advocate] when people [had difficulty|struggled] taking part in "
            "their assessment",
        ),
        "context": ("{advocacy_org} [provided|delivered] independent advocacy",),
    },
    "technology": {
        "strength": (
            "[technology-enabled care|digital care|sensors and alarms] [helped|allowed] "
            "[people|{some} people] to [stay safely at home|live more independently]",
            "[the council|leaders] [tested|piloted|tried] new ideas, such as [a digital "
            "front door|online self-assessment|predictive tools], and [evaluated|learnt "
            "from] them",
        ),
        "improvement": (
            "[the new case management system|the council's IT systems] [caused|led to] "
            "[delays|problems|gaps in records], and staff [spent|lost] time on [workarounds|"
            "duplicate recording]",
            "[learning from pilots|innovation] was not [shared|spread] [across teams|beyond "
            "the pilot area]",
        ),
        "context": (
            "the council [joined|took part in] a [regional|national] improvement "
            "programme in {year}",
        ),
    },
}

# The themes a quality statement's findings draw on, heaviest first, and sub-headings.
STATEMENT_CONTENT: dict[str, tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]] = {
    "Assessing needs": (
        ("waiting", "carers", "direct_payments", "advocacy"),
        (
            ("How people ask for help", ("prevention", "waiting")),
            ("Timeliness of assessments and reviews", ("waiting",)),
            ("Quality of assessment practice", ("waiting", "workforce")),
            ("Assessments for unpaid carers", ("carers",)),
            ("Choice and direct payments", ("direct_payments",)),
            ("Eligibility and financial assessment", ("waiting", "leadership")),
            ("Independent advocacy", ("advocacy",)),
        ),
    ),
    "Supporting people to live healthier lives": (
        ("prevention", "reablement", "technology"),
        (
            ("Early help and prevention", ("prevention",)),
            ("Information and advice", ("prevention",)),
            ("Reablement and intermediate care", ("reablement",)),
            ("Equipment, adaptations and technology", ("technology", "reablement")),
            ("Support for unpaid carers to stay well", ("carers", "prevention")),
            ("Housing and independence", ("market", "prevention")),
        ),
    ),
    "Equity in experience and outcomes": (
        ("equality", "carers", "coproduction"),
        (
            ("Understanding the local population", ("equality",)),
            ("Reaching people who are less well served", ("equality", "carers")),
            ("Accessible information and communication", ("equality",)),
            ("Listening to seldom-heard groups", ("coproduction", "equality")),
            ("Equality objectives and monitoring", ("equality", "leadership")),
        ),
    ),
    "Care provision, integration and continuity": (
        ("home_care", "market", "workforce"),
        (
            ("Understanding local need and the market", ("market",)),
            ("Home care capacity and quality", ("home_care",)),
            ("Care homes and specialist provision", ("market",)),
            ("The care workforce", ("workforce",)),
            ("Fees and provider sustainability", ("home_care", "market")),
            ("Choice through direct payments", ("direct_payments",)),
        ),
    ),
    "Partnerships and communities": (
        ("partnership", "carers", "prevention"),
        (
            ("Working with health partners", ("partnership", "discharge")),
            ("The voluntary and community sector", ("partnership", "prevention")),
            ("Joint commissioning", ("partnership",)),
            ("Support for carers in the community", ("carers",)),
            ("Mental health and housing partnerships", ("partnership",)),
        ),
    ),
    "Safe pathways, systems and transitions": (
        ("discharge", "transitions", "reablement"),
        (
            ("Leaving hospital", ("discharge",)),
            ("Preparing for adulthood", ("transitions",)),
            ("Moving between services", ("transitions", "discharge")),
            ("Contingency planning and provider failure", ("market", "home_care")),
            ("Recovery after a hospital stay", ("reablement", "discharge")),
        ),
    ),
    "Safeguarding": (
        ("safeguarding",),
        (
            ("Responding to safeguarding concerns", ("safeguarding",)),
            ("Making safeguarding personal", ("safeguarding", "advocacy")),
            ("The safeguarding adults board", ("safeguarding", "partnership")),
            ("Safeguarding in care settings", ("safeguarding", "market")),
            ("Learning from reviews", ("safeguarding", "coproduction")),
        ),
    ),
    "Governance, management and sustainability": (
        ("leadership", "workforce", "equality"),
        (
            ("Leadership and culture", ("leadership",)),
            ("Use of data and performance", ("leadership", "technology")),
            ("Financial sustainability", ("leadership",)),
            ("Oversight of risk", ("leadership", "safeguarding")),
            ("Workforce planning", ("workforce",)),
        ),
    ),
    "Learning, improvement and innovation": (
        ("coproduction", "technology", "workforce"),
        (
            ("Learning from feedback and complaints", ("coproduction",)),
            ("Co-production", ("coproduction",)),
            ("Innovation and new ways of working", ("technology",)),
            ("Learning and development for staff", ("workforce",)),
            ("Improvement planning", ("leadership", "coproduction")),
        ),
    ),
}

# CQC's framework text is the same in every report; ours is written afresh, two
# expectations and one commitment per statement.
FRAMEWORK: dict[str, tuple[tuple[str, str], str]] = {
    "Assessing needs": (
        (
            "The people assessing my needs hear what I say and what matters to me.",
            "My support plan builds on what I can do and who I want to be.",
        ),
        "We work with people to understand their needs, goals and strengths, and we "
        "review them as life changes.",
    ),
    "Supporting people to live healthier lives": (
        (
            "I get advice and small bits of help early, before things become a crisis.",
            "I can stay independent at home for as long as I want to.",
        ),
        "We help people stay well and independent, and we act early to reduce or delay "
        "the need for care.",
    ),
    "Equity in experience and outcomes": (
        (
            "I am treated fairly whatever my background or where I live.",
            "Information comes to me in a way I can understand and use.",
        ),
        "We find out who is missing out or getting a worse deal, and we put it right.",
    ),
    "Care provision, integration and continuity": (
        (
            "I have a real choice of good support near where I live.",
            "My care carries on without gaps when things change.",
        ),
        "We understand local needs and make sure there is enough good, affordable care "
        "to meet them.",
    ),
    "Partnerships and communities": (
        (
            "The organisations helping me talk to each other and plan together.",
            "I can take part in community life and use local groups.",
        ),
        "We work with health, housing and community partners so that people get joined up support.",
    ),
    "Safe pathways, systems and transitions": (
        (
            "When I move between services I know who is responsible for what.",
            "Important information about me travels with me.",
        ),
        "We plan moves between services with people and partners so that nobody is left "
        "without support.",
    ),
    "Safeguarding": (
        (
            "I feel safe and I have a say in how risks in my life are managed.",
            "If I am harmed, people act quickly and involve me.",
        ),
        "We work with partners to prevent abuse and neglect and to respond well when it happens.",
    ),
    "Governance, management and sustainability": (
        (
            "The people in charge know how well services work and fix what is wrong.",
            "The support I count on will still be there next year.",
        ),
        "We have clear responsibilities, good information and a sustainable budget, and "
        "we manage risk openly.",
    ),
    "Learning, improvement and innovation": (
        (
            "When I give feedback it is heard and it changes things.",
            "I can see services improving and trying new ideas.",
        ),
        "We learn from people, staff and partners, we try new approaches and we share what works.",
    ),
}

PLACE_STARTS = (
    "Alder",
    "Ash",
    "Bar",
    "Birch",
    "Bram",
    "Brook",
    "Cal",
    "Chad",
    "Clay",
    "Cold",
    "Corn",
    "Dun",
    "East",
    "Elm",
    "Fair",
    "Fen",
    "Glen",
    "Hart",
    "Hazel",
    "Hol",
    "Kings",
    "Lang",
    "Lark",
    "Mar",
    "Mill",
    "North",
    "Oak",
    "Pen",
    "Red",
    "Rowan",
    "Sand",
    "Stan",
    "Thorn",
    "Wad",
    "West",
    "Whit",
    "Willow",
    "Wold",
    "Wren",
    "Yew",
)
PLACE_ENDS = (
    "bury",
    "by",
    "caster",
    "combe",
    "dale",
    "field",
    "ford",
    "gate",
    "ham",
    "hurst",
    "ley",
    "mere",
    "minster",
    "mouth",
    "stead",
    "stow",
    "thorpe",
    "ton",
    "wick",
    "worth",
)
COUNCIL_FORMS = (
    "{place} County Council",
    "{place} City Council",
    "London Borough of {place}",
    "{place} Metropolitan Borough Council",
    "{place} Council",
    "{place} Borough Council",
)
AREAS = (
    "rural areas",
    "the north of the county",
    "the coastal towns",
    "the east of the borough",
    "outlying villages",
    "the market towns",
    "the former mining areas",
    "the south of the city",
    "the more deprived wards",
    "the hill villages",
)
PARTNERS = (
    "the integrated care board",
    "the local NHS trust",
    "the community health trust",
    "the mental health trust",
    "housing associations",
    "the police",
    "the district councils",
    "the voluntary sector alliance",
)
