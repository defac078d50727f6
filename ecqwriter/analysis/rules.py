"""The catalogue of checks: stable rule ids, severities and the reason each exists.

Rule ids are part of the public JSON interface (shared/contracts.md): never rename one.
docs/rules.md explains every rule to users; tests keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"  # blocks readiness
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    why: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("first-person-plural", WARNING, "\"We\" where \"I\" is needed",
             "QRBs rate your own leadership; \"we\" hides what you personally did."),
        Rule("no-first-person", WARNING, "No \"I\" in the example",
             "Without \"I\" the board cannot tell which actions were yours."),
        Rule("result-without-measure", WARNING, "Result with no measure",
             "Results should be measurable: numbers, money, percentages, time or people."),
        Rule("example-too-old", WARNING, "Example older than ten years",
             "Practitioners advise examples from the last ten years, ideally five to seven."),
        Rule("example-undated", INFO, "No date in the example",
             "A year in the story shows the board the example is recent."),
        Rule("acronym-undefined", WARNING, "Acronym used before it is defined",
             "Board members come from other agencies; spell out each acronym at first use."),
        Rule("passive-voice", INFO, "Passive voice",
             "Passive sentences hide who acted; actions should read \"I did\"."),
        Rule("buzzword", WARNING, "Jargon or cliché",
             "Buzzwords hide what you did; each has a plain alternative in the message."),
        Rule("philosophy-statement", WARNING, "Leadership philosophy instead of a story",
             "\"I always...\" or \"I believe...\" statements are not evidence; QRBs want specific examples."),
        Rule("claim-not-behaviour", INFO, "Competency claimed, not shown",
             "Naming a skill (\"strong negotiation skills\") is not evidence; describe what you did."),
        Rule("long-sentence", INFO, "Very long sentence",
             "Sentences over 40 words are hard to follow on a first reading."),
        Rule("readability", INFO, "Dense text",
             "A very high reading grade makes a busy board work harder to find your evidence."),
        Rule("ccar-missing-part", WARNING, "CCAR part missing",
             "Each example needs a challenge, its context, your actions and the results."),
        Rule("ccar-order", INFO, "CCAR parts out of order",
             "Boards read Challenge, Context, Action, Result in that order; a result before the actions confuses."),
        Rule("ccar-proportion", WARNING, "Set-up crowds out actions and results",
             "A long challenge and context leaves too little room for what you did and achieved."),
        Rule("ecq-mismatch", WARNING, "Example fits another ECQ better",
             "An example should show the ECQ it is filed under; this one reads more like another."),
        Rule("ecq-unsure", INFO, "Unclear which ECQ this example shows",
             "The checks cannot tell which ECQ the example shows best; it names the two likeliest with their evidence."),
        Rule("ccar-missing-challenge", WARNING, "No challenge in the story",
             "A story needs the problem or goal you faced; background about your office is context, not a challenge."),
        Rule("ecq-weak-coverage", WARNING, "Few competencies of this ECQ shown",
             "The narrative shows little evidence of the ECQ's competencies."),
        Rule("story-reused", WARNING, "Same story in two ECQs",
             "Reusing one story across ECQs is a common reason packages are returned."),
        Rule("review-comments-open", INFO, "Review comments still open",
             "A reviewer's open comment usually means the text is not final yet."),
        Rule("too-many-examples", WARNING, "More than two examples",
             "One or two examples per ECQ; more dilutes the narrative and the page limit."),
        Rule("narrative-over-length", ERROR, "ECQ over its page limit",
             "Boards return packages that exceed the page limits."),
        Rule("package-over-length", ERROR, "Narratives over the total page limit",
             "The ECQ narratives together must fit the framework's total page limit."),
        Rule("resume-over-length", ERROR, "Résumé over its page limit",
             "The résumé must fit the framework's page limit."),
        Rule("resume-first-person", INFO, "\"I\" in the résumé",
             "Résumés use implied first person: start bullets with the verb."),
        Rule("ecq-missing", ERROR, "ECQ without a narrative",
             "Every package must show all five ECQs, whatever its criterion."),
        Rule("ecq-empty-optional", INFO, "ECQ without a story",
             "Under this framework narratives are optional, but a story per ECQ prepares the interview."),
        Rule("resume-missing", ERROR, "No résumé",
             "Every QRB package includes the résumé."),
        Rule("fundamental-not-shown", INFO, "Fundamental Competency not shown",
             "The six Fundamental Competencies should show across the narratives as a whole."),
        Rule("justification-missing", ERROR, "No agency justification",
             "A Criterion C package needs the agency's statement of why the selectee uniquely qualifies."),
        Rule("idp-missing", ERROR, "No Individual Development Plan",
             "A Criterion C package needs an IDP focused on the ECQs that need strengthening."),
        Rule("cdp-missing", ERROR, "No CDP record",
             "A Criterion B package needs the record of the completed, OPM-approved CDP."),
        Rule("idp-missing-target", ERROR, "IDP leaves out a weak ECQ",
             "A Criterion C plan must target the ECQs the narratives show weakly."),
        Rule("idp-target-without-activity", WARNING, "IDP target with no activity",
             "Each target needs at least one developmental activity."),
        Rule("idp-activity-incomplete", WARNING, "IDP activity without dates or measure",
             "Dates and a measure of success let the ERB track the plan."),
        Rule("idp-too-long", WARNING, "IDP longer than its horizon",
             "Criterion C asks for potential to acquire full competence quickly."),
        Rule("idp-no-mentor", WARNING, "IDP names no mentor or coach",
             "Development plans pair the selectee with an SES mentor or coach."),
        Rule("idp-not-signed", WARNING, "IDP not signed off",
             "The supervisor and the ERB sign off the plan and review it."),
        Rule("justification-thin", WARNING, "Short justification",
             "The agency must explain specifically why the selectee uniquely qualifies."),
        Rule("justification-no-unique-qualities", WARNING, "Justification does not name unique qualities",
             "Criterion C rests on special or unique qualities; the statement must name them."),
        Rule("justification-no-development", WARNING, "Justification does not say how gaps close",
             "The statement should say how the development plan closes the ECQ gaps."),
        Rule("cdp-too-short", WARNING, "CDP shorter than 12 months",
             "OPM-approved CDPs last at least 12 months (5 CFR 412.302)."),
        Rule("cdp-training-hours", WARNING, "Under 80 hours of formal training",
             "A CDP includes at least 80 hours of formal training with people from outside the agency."),
        Rule("cdp-assignment-months", WARNING, "Under 4 months of assignments",
             "A CDP includes at least 4 months of developmental assignments outside the position of record."),
        Rule("cdp-no-mentor", WARNING, "No SES mentor recorded",
             "A CDP pairs the candidate with an SES mentor."),
        Rule("cdp-not-certified", WARNING, "No ERB certification recorded",
             "The agency's ERB certifies the graduate before OPM's QRB."),
        Rule("unknown-framework", ERROR, "Unknown framework",
             "The package names a framework this version of ecqwriter does not have."),
    ]
}


def severity_of(rule_id: str) -> str:
    return RULES[rule_id].severity
