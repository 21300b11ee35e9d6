"""The required disclaimers: their stable keys and built-in wording."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RequiredDisclaimer:
    key: str
    title: str  # short heading shown in bold on the callout, e.g. "Not medical advice"
    text: str  # Markdown, 1-4 sentences (cost-clinics adds a short list of questions)


REQUIRED_DISCLAIMERS: dict[str, RequiredDisclaimer] = {
    d.key: d
    for d in (
        RequiredDisclaimer(
            key="medical-advice",
            title="Not medical advice",
            text=(
                "This site gives general information for education only. It is not a "
                "diagnosis or a treatment plan for you. For advice about your own "
                "health, see a qualified clinician, such as your GP or a "
                "dermatologist. Do not ignore medical advice, or delay getting it, "
                "because of something you read here."
            ),
        ),
        RequiredDisclaimer(
            key="urgent-care",
            title="Need urgent help?",
            text=(
                "If you think you may need urgent medical help, do not rely on this "
                "site. Call your local emergency number (999 in the UK, 112 in the "
                "EU, 911 in the US) or contact your local urgent-care service."
            ),
        ),
        RequiredDisclaimer(
            key="investigational-therapy",
            title="An experimental treatment",
            text=(
                "Stem-cell treatments for hair loss are experimental. So are related "
                "treatments that use exosomes, cells taken from fat, or platelet-rich "
                "plasma (PRP). None of them is approved for pattern hair loss by the "
                "US, EU or UK regulators (the "
                "[FDA]"
                "(https://www.fda.gov/vaccines-blood-biologics/consumers-biologics/consumer-alert-regenerative-medicine-products-including-stem-cells-and-exosomes)"
                ", EMA and MHRA). Outside a regulated clinical trial, they are not an "
                "established treatment."
            ),
        ),
        RequiredDisclaimer(
            key="headline-qualifier",
            title="No cure yet",
            text=(
                "There is no cure for pattern baldness today. Stem-cell treatments for "
                "hair loss are still being tested. This page reviews early research, "
                "not a proven treatment."
            ),
        ),
        RequiredDisclaimer(
            key="not-reviewed",
            title="Not yet clinically reviewed",
            text=(
                "This page has not yet been reviewed by a clinician. Treat it as "
                "general information, and check anything about your own health with "
                "a doctor."
            ),
        ),
        RequiredDisclaimer(
            key="evidence",
            title="What the evidence shows",
            text=(
                "So far, only about a dozen small, short randomised trials have tested "
                "these treatments in people. The results are mixed, and in one trial "
                "the benefit was gone by 12 months. The largest randomised trial, of "
                "71 people, found no overall difference from the comparison group "
                "at 24 weeks. This is not enough to show that the treatments work."
            ),
        ),
        RequiredDisclaimer(
            key="outlook",
            title="Still being researched",
            text=(
                "This section is about possibilities that researchers are still "
                "studying. None of them is a treatment you can get today, and some "
                "may never become one."
            ),
        ),
        RequiredDisclaimer(
            key="safety",
            title="Safety is not established",
            text=(
                "It is not yet known whether these treatments are safe. Using your own "
                "cells does not make a procedure safe. Regulators, including the "
                "[FDA]"
                "(https://www.fda.gov/vaccines-blood-biologics/consumers-biologics/important-patient-and-consumer-information-about-regenerative-medicine-therapies)"
                ", have recorded serious harm from unapproved cell treatments, "
                "including blindness, tumours and infections. If you have a problem "
                "after a treatment, tell a doctor and report it to the regulator, for "
                "example through the MHRA Yellow Card scheme in the UK or FDA "
                "MedWatch in the US."
            ),
        ),
        RequiredDisclaimer(
            key="cost-clinics",
            title="Before you pay a clinic",
            text=(
                "Being asked to pay for one of these treatments outside a regulated "
                "clinical trial is a warning sign. In the US, the FDA says such an "
                "offer is likely to be illegal. Health insurers rarely pay for these "
                "treatments. See a GP or dermatologist before you go to a "
                "private clinic, and ask the clinic:\n"
                "\n"
                "- Is this treatment approved for pattern hair loss by the FDA, EMA "
                "or MHRA?\n"
                "- Is it part of a clinical trial overseen by a regulator? (Being "
                "listed on a trial register, or “FDA registration”, is not "
                "approval.)\n"
                "- What good evidence shows that it works, and for how long?\n"
                "- What are the risks, and who will look after me if something goes "
                "wrong?"
            ),
        ),
        RequiredDisclaimer(
            key="approved-alternatives",
            title="Approved treatments exist",
            text=(
                "The main approved medicines for pattern hair loss are minoxidil, "
                "which you put on your scalp, and finasteride 1 mg tablets, which are "
                "for men only. Both work only while you keep using them, and the "
                "benefit fades after you stop. Some laser devices for hair loss are "
                "“FDA-cleared”, which is a lower bar than approval. Talk to a GP or "
                "dermatologist about which options may suit you."
            ),
        ),
        RequiredDisclaimer(
            key="condition-scope",
            title="Which hair loss this covers",
            text=(
                "Hair loss has several causes, and they need different care. The "
                "research discussed here is about pattern hair loss (androgenetic "
                "alopecia) only. If your hair falls out suddenly or in patches, see a "
                "GP or doctor, as this can be a different condition, such as alopecia "
                "areata."
            ),
        ),
        RequiredDisclaimer(
            key="lifestyle",
            title="Healthy habits have limits",
            text=(
                "A balanced diet, managing stress and gentle hair care are good for "
                "your scalp and hair. But they do not reverse pattern hair loss. If "
                "you are worried about losing hair, talk to a GP or pharmacist."
            ),
        ),
        RequiredDisclaimer(
            key="faq-general",
            title="About these answers",
            text=(
                "These answers are general information about an experimental "
                "treatment that is not approved for pattern hair loss. They are not "
                "medical advice for you. Read the full article for the wider "
                "picture, and talk to a GP or dermatologist about your own situation."
            ),
        ),
    )
}
