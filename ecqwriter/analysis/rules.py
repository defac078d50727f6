"""The one registry of checks: each rule's id, severity, category, title, reason, message
and help anchor.

Rule ids are part of the public JSON interface (docs/interfaces.md): never rename one.
Detection lives with the analysis (engine, package_check, criteria); what a finding *says*
lives here, as a template the detector fills with the particulars (``make_finding(rule,
values)``). resources/help/rules.md explains every rule to users; tests keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"  # blocks readiness
WARNING = "warning"
INFO = "info"

# what a rule is about: the checks panel and the help group rules by it
CATEGORIES = {
    "writing": "How it is written",
    "ccar": "Challenge, Context, Action, Result",
    "coverage": "Which ECQ it shows",
    "length": "Page limits",
    "parts": "Parts of the package",
    "criterion-b": "Criterion B: the CDP",
    "criterion-c": "Criterion C: justification and plan",
    "review": "Review",
    "package": "The package file",
}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    category: str
    title: str
    why: str
    message: str  # a str.format template; the detector supplies the values

    @property
    def help_anchor(self) -> str:
        """Where the user guide explains it (rules.md has a section per rule id)."""
        return self.id

    def say(self, values: dict | None = None) -> str:
        return self.message.format(**(values or {}))


_RULES = [
    # ------------------------------------------------------------------ how it is written
    Rule("first-person-plural", WARNING, "writing", "\"We\" where \"I\" is needed",
         "QRBs rate your own leadership; \"we\" hides what you personally did.",
         "{words} ({count} here) hides your own part. The board rates what you did, not your "
         "team: say \"I\" for your decisions and actions, and name the team only where it acted on your direction."),
    Rule("no-first-person", WARNING, "writing", "No \"I\" in the example",
         "Without \"I\" the board cannot tell which actions were yours.",
         "This example never says \"I\". Without it the board cannot tell which actions were yours; rewrite "
         "the actions as \"I decided...\", \"I negotiated...\"."),
    Rule("result-without-measure", WARNING, "writing", "Result with no measure",
         "Results should be measurable: numbers, money, percentages, time or people.",
         "This result has no measure. Add a number the board can weigh: money saved, a percentage, time cut, "
         "people served or staff affected."),
    Rule("example-too-old", WARNING, "writing", "Example older than ten years",
         "Practitioners advise examples from the last ten years, ideally five to seven.",
         "The most recent year in this example is {year}, more than ten years before {as_of}. Boards prefer "
         "examples from the last ten years (ideally five to seven); use a newer story if you have one."),
    Rule("example-undated", INFO, "writing", "No date in the example",
         "A year in the story shows the board the example is recent.",
         "No year appears in this example. Say when it happened so the board can see it is recent."),
    Rule("acronym-undefined", WARNING, "writing", "Acronym used before it is defined",
         "Board members come from other agencies; spell out each acronym at first use.",
         "\"{acronym}\" is used before it is spelled out. Board members come from other agencies: write the "
         "full name at first use, followed by ({acronym}).{defined_later}"),
    Rule("passive-voice", INFO, "writing", "Passive voice",
         "Passive sentences hide who acted; actions should read \"I did\".",
         "\"{words}\" is passive: it does not say who acted. If you did it, say \"I ...\"; passive voice is "
         "fine for what others did to you."),
    Rule("buzzword", WARNING, "writing", "Jargon or cliché",
         "Buzzwords hide what you did; each has a plain alternative in the message.",
         "\"{words}\" is jargon that boards read as filler. Say it plainly: {plain}."),
    Rule("philosophy-statement", WARNING, "writing", "Leadership philosophy instead of a story",
         "\"I always...\" or \"I believe...\" statements are not evidence; QRBs want specific examples.",
         "\"{words}...\" states a philosophy or habit rather than telling a specific story. Boards discount "
         "such statements: replace it with what you did in this case."),
    Rule("claim-not-behaviour", INFO, "writing", "Competency claimed, not shown",
         "Naming a skill (\"strong negotiation skills\") is not evidence; describe what you did.",
         "\"{words}\" names a skill instead of showing it. Describe what you did that proves it, for example "
         "\"I negotiated a cost-sharing agreement with four states\"."),
    Rule("long-sentence", INFO, "writing", "Very long sentence",
         "Sentences over 40 words are hard to follow on a first reading.",
         "This sentence has {count} words. Split it so a busy reader can follow it on the first pass."),
    Rule("readability", INFO, "writing", "Dense text",
         "A very high reading grade makes a busy board work harder to find your evidence.",
         "The text reads at about grade {grade:.0f}. Shorter sentences and plainer words make your evidence "
         "easier to find."),
    # ------------------------------------------------------------------ CCAR
    Rule("ccar-missing-part", WARNING, "ccar", "CCAR part missing",
         "Each example needs a challenge, its context, your actions and the results.",
         "No sentence reads as {part}. A complete example has Challenge, Context, Action and Result."),
    Rule("ccar-missing-challenge", WARNING, "ccar", "No challenge in the story",
         "A story needs the problem or goal you faced; background about your office is context, not a challenge.",
         "No sentence reads as the challenge: the problem, goal or risk you faced and why it mattered. "
         "Background about your office is context, not a challenge. Open the story with what was at stake."),
    Rule("story-holds-two-examples", INFO, "ccar", "A second example starts here",
         "Each example is checked as its own Challenge-Context-Action-Result; two told as one are read as one.",
         "A new example seems to start here (\u201c{opening}...\u201d): the story before it has ended with a result "
         "and this paragraph sets up a new problem. Each is checked on its own. To keep them apart, split the "
         "story here (Package \u25b8 Split example in two); if it is one example, ignore this note."),
    Rule("ccar-unsure", INFO, "ccar", "Unsure about a CCAR part",
         "A warning needs the problem to be likely; where the wording leaves it in doubt, this note says so.",
         "Unsure whether {question}: {reading}. If a reader could miss it, make it explicit."),
    Rule("ccar-order", INFO, "ccar", "CCAR parts out of order",
         "Boards read Challenge, Context, Action, Result in that order; a result before the actions confuses.",
         "In this example {problem}. Tell the story in the order Challenge, Context, Action, Result."),
    Rule("ccar-proportion", WARNING, "ccar", "Set-up crowds out actions and results",
         "A long challenge and context leaves too little room for what you did and achieved.",
         "The set-up (challenge and context) is {setup:.0%} of this example and your actions {action:.0%}. "
         "Keep the set-up short (about a quarter) so actions and results get the space: actions about half, "
         "results about a quarter."),
    # ------------------------------------------------------------------ which ECQ it shows
    Rule("ecq-mismatch", WARNING, "coverage", "Example fits another ECQ better",
         "An example should show the ECQ it is filed under; this one reads more like another.",
         "This example is filed under {filed} but reads as {best} (about {confidence:.0%} likely). Move it, or "
         "bring out the {filed} competencies in what you did."),
    Rule("ecq-unsure", INFO, "coverage", "Unclear which ECQ this example shows",
         "The checks cannot tell which ECQ the example shows best; it names the two likeliest with their evidence.",
         "It is not clear that this example shows {filed}. It reads most like {likeliest}. If it belongs here, "
         "make the {filed} part of what you did explicit."),
    Rule("ecq-weak-coverage", WARNING, "coverage", "Few competencies of this ECQ shown",
         "The narrative shows little evidence of the ECQ's competencies.",
         "This narrative shows little evidence of {ecq}. Competencies not shown: {missing}. Describe actions "
         "that show them."),
    Rule("story-reused", WARNING, "coverage", "Same story in two ECQs",
         "Reusing one story across ECQs is a common reason packages are returned.",
         "This example tells much the same story as example {other_example} of {other_ecq} ({why}). Use a "
         "different story for each ECQ."),
    Rule("too-many-examples", WARNING, "coverage", "More than two examples",
         "One or two examples per ECQ; more dilutes the narrative and the page limit.",
         "{ecq} has {count} examples. Keep the strongest {keep}; more dilutes the narrative."),
    Rule("fundamental-not-shown", INFO, "coverage", "Fundamental Competency not shown",
         "The six Fundamental Competencies should show across the narratives as a whole.",
         "No narrative clearly shows the Fundamental Competency {name} ({meaning}). Let at least one story "
         "show it."),
    # ------------------------------------------------------------------ review
    Rule("review-comments-open", INFO, "review", "Review comments still open",
         "A reviewer's open comment usually means the text is not final yet.",
         "{count} review {comments} still open here (from {people}). Settle and resolve them before the "
         "package goes to the board."),
    # ------------------------------------------------------------------ page limits
    Rule("narrative-over-length", ERROR, "length", "ECQ over its page limit",
         "Boards return packages that exceed the page limits.",
         "This ECQ takes about {pages:.1f} pages against a limit of {limit:g}. Tighten the set-up and cut "
         "repetition; packages over the limit are returned."),
    Rule("package-over-length", ERROR, "length", "Narratives over the total page limit",
         "The ECQ narratives together must fit the framework's total page limit.",
         "The ECQ narratives (each starting on a new page) take about {pages:.1f} pages against a limit of "
         "{limit:g}. Tighten the set-up and cut repetition; packages over the limit are returned."),
    Rule("resume-over-length", ERROR, "length", "Résumé over its page limit",
         "The résumé must fit the framework's page limit.",
         "The résumé takes about {pages:.1f} pages against a limit of {limit:g}. Tighten the set-up and cut "
         "repetition; packages over the limit are returned."),
    Rule("resume-ecq-not-evidenced", ERROR, "coverage", "Résumé does not show an ECQ",
         "In a résumé-based application the résumé itself must show every ECQ; only its first pages are read.",
         "The first {pages:g} pages of the résumé show no evidence of {ecq}. Add an accomplishment that shows it "
         "(what you led, with a number), or move one up from a later page."),
    Rule("resume-missing-dates", ERROR, "parts", "Job without its dates",
         "USAJOBS résumés give each job's start and end as month and year; without them the experience may not count.",
         "{job} has no {missing}. Give the month and year (YYYY-MM)."),
    Rule("resume-missing-hours", ERROR, "parts", "Job without hours per week",
         "USAJOBS résumés give the hours worked per week for each job; without them the experience may not count.",
         "{job} does not say how many hours a week you worked. Add them (for example 40)."),
    Rule("resume-older-than-10-years", INFO, "parts", "Job from more than 10 years ago",
         "The board weighs the last 10 years; older jobs take room the first 2 pages need.",
         "{job} ended in {ended}, more than 10 years before {as_of}. Keep it to a line, or leave it out."),
    # ------------------------------------------------------------------ parts of the package
    Rule("resume-first-person", INFO, "parts", "\"I\" in the résumé",
         "Résumés use implied first person: start bullets with the verb.",
         "The résumé says \"I\" {count} time(s). Résumés use implied first person: begin each line with the "
         "verb (\"Led...\", \"Cut...\")."),
    Rule("ecq-missing", ERROR, "parts", "ECQ without a narrative",
         "Every package must show all five ECQs, whatever its criterion.",
         "{ecq} has no example yet. {need}"),
    Rule("ecq-empty-optional", INFO, "parts", "ECQ without a story",
         "Under this framework narratives are optional, but a story per ECQ prepares the interview.",
         "{ecq} has no example yet. Write one or two CCAR stories for it."),
    Rule("resume-missing", ERROR, "parts", "No résumé",
         "Every QRB package includes the résumé.",
         "The package has no résumé. Add it: every QRB case includes one."),
    # ------------------------------------------------------------------ Criterion C
    Rule("justification-missing", ERROR, "criterion-c", "No agency justification",
         "A Criterion C package needs the agency's statement of why the selectee uniquely qualifies.",
         "Criterion C needs the agency's statement of why the selectee uniquely qualifies and how the gaps "
         "will be closed."),
    Rule("idp-missing", ERROR, "criterion-c", "No Individual Development Plan",
         "A Criterion C package needs an IDP focused on the ECQs that need strengthening.",
         "Criterion C needs an Individual Development Plan aimed at the ECQs that need strengthening."),
    Rule("idp-missing-target", ERROR, "criterion-c", "IDP leaves out a weak ECQ",
         "A Criterion C plan must target the ECQs the narratives show weakly.",
         "The narratives show {ecq} weakly (score {score:.2f}), but the development plan does not target it. "
         "A Criterion C plan must aim at the ECQs that need strengthening: add a target for {ecq}."),
    Rule("idp-target-without-activity", WARNING, "criterion-c", "IDP target with no activity",
         "Each target needs at least one developmental activity.",
         "The target {target} has no developmental activity yet."),
    Rule("idp-activity-incomplete", WARNING, "criterion-c", "IDP activity without dates or measure",
         "Dates and a measure of success let the ERB track the plan.",
         "\"{activity}\" ({target}) has no {missing}. Each activity needs dates and a measure so the ERB can "
         "track it."),
    Rule("idp-too-long", WARNING, "criterion-c", "IDP longer than its horizon",
         "Criterion C asks for potential to acquire full competence quickly.",
         "The plan runs {months:.0f} months ({start} to {end}), beyond its {horizon}-month horizon. Criterion "
         "C asks for potential to acquire full competence quickly: shorten the plan or explain why."),
    Rule("idp-no-mentor", WARNING, "criterion-c", "IDP names no mentor or coach",
         "Development plans pair the selectee with an SES mentor or coach.",
         "The plan names no SES mentor or coach."),
    Rule("idp-not-signed", WARNING, "criterion-c", "IDP not signed off",
         "The supervisor and the ERB sign off the plan and review it.",
         "No {who} sign-off (name and date) is recorded on the plan."),
    Rule("justification-thin", WARNING, "criterion-c", "Short justification",
         "The agency must explain specifically why the selectee uniquely qualifies.",
         "The justification has {words} words. Explain in specific terms what makes the selectee uniquely "
         "qualified and how the development plan closes the gaps."),
    Rule("justification-no-unique-qualities", WARNING, "criterion-c", "Justification does not name unique qualities",
         "Criterion C rests on special or unique qualities; the statement must name them.",
         "The justification does not say what is special or unique about the selectee's qualifications, which "
         "is the basis of Criterion C."),
    Rule("justification-no-development", WARNING, "criterion-c", "Justification does not say how gaps close",
         "The statement should say how the development plan closes the ECQ gaps.",
         "The justification does not say how the ECQ gaps will be closed (the IDP, training, details, "
         "mentoring)."),
    # ------------------------------------------------------------------ Criterion B
    Rule("cdp-missing", ERROR, "criterion-b", "No CDP record",
         "A Criterion B package needs the record of the completed, OPM-approved CDP.",
         "Criterion B needs the completed CDP: its name and completion date at least (and the OPM approval and "
         "ERB certification dates)."),
    Rule("cdp-too-short", WARNING, "criterion-b", "CDP shorter than 12 months",
         "OPM-approved CDPs last at least 12 months (5 CFR 412.302).",
         "The CDP ran {months:.0f} months; OPM-approved CDPs last at least {minimum}."),
    Rule("cdp-training-hours", WARNING, "criterion-b", "Under 80 hours of formal training",
         "A CDP includes at least 80 hours of formal training with people from outside the agency.",
         "{hours:g} hours of formal training are recorded; a CDP requires at least {minimum}, with people from "
         "outside the agency."),
    Rule("cdp-assignment-months", WARNING, "criterion-b", "Under 4 months of assignments",
         "A CDP includes at least 4 months of developmental assignments outside the position of record.",
         "{months:g} months of developmental assignments are recorded; a CDP requires at least {minimum} "
         "outside the position of record."),
    Rule("cdp-no-mentor", WARNING, "criterion-b", "No SES mentor recorded",
         "A CDP pairs the candidate with an SES mentor.",
         "No SES mentor is recorded for the CDP."),
    Rule("cdp-not-certified", WARNING, "criterion-b", "No ERB certification recorded",
         "The agency's ERB certifies the graduate before OPM's QRB.",
         "No ERB certification date is recorded; the agency's ERB certifies the graduate before the case goes "
         "to OPM."),
    # ------------------------------------------------------------------ the package file
    Rule("unknown-framework", ERROR, "package", "Unknown framework",
         "The package names a framework this version of ecqwriter does not have.",
         "{problem}. Open the package in a version of ecqwriter that has it."),
]
RULES: dict[str, Rule] = {r.id: r for r in _RULES}


def severity_of(rule_id: str) -> str:
    return RULES[rule_id].severity
