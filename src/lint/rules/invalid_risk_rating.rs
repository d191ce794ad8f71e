use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::model::{scale_levels, Rating};

pub const RULE: Rule = Rule {
    name: "invalid-risk-rating",
    default_severity: Severity::Error,
    summary: "probability or impact off the scale, or a `score` that disagrees",
    doc: r#"## What it does
Reports a risk whose `probability` or `impact` is not on the plan's scale
(`low`, `medium`, `high` or 1..3; with `[risk] scale = 5`: `very-low` ..
`very-high` or 1..5), a risk missing either rating, and a written `score`
that is not probability x impact.

## Why does it matter
The heat map, the register's order and the contingency check all use the
score; a rating planbook cannot read puts the risk in the wrong place.

## Example
```yaml
probability: likely
impact: high
score: 9
```

## Fix
```yaml
probability: medium
impact: high
# score is computed: 2 x 3 = 6
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let scale = context.plan.config.risk_scale;
    let levels = scale_levels(scale);
    for item in &context.plan.items {
        let Some(risk) = item.as_risk() else { continue };
        let mut check_rating = |rating: &Option<Rating>, key: &str| match rating {
            Some(rating) if rating.level.is_none() => findings.push(Finding::new(
                RULE.name,
                rating.span,
                format!(
                    "`{key}` of risk `{}` is `{}`, which is not on the {scale}-point scale",
                    item.id, rating.written
                ),
                crate::lint::did_you_mean(
                    &rating.written,
                    levels.iter().copied(),
                    &format!("use one of: {} (or 1..{scale})", levels.join(", ")),
                ),
            )),
            None if item.status != "closed" => findings.push(Finding::new(
                RULE.name,
                item.missing_at(key),
                format!("risk `{}` has no `{key}`", item.id),
                format!("add `{key}:` with one of: {}", levels.join(", ")),
            )),
            _ => {}
        };
        check_rating(&risk.probability, "probability");
        check_rating(&risk.impact, "impact");
        if let (Some(written), Some(score)) = (&risk.written_score, risk.score()) {
            if written.value != i64::from(score) {
                findings.push(Finding::new(
                    RULE.name,
                    written.span,
                    format!(
                        "`score` of risk `{}` is {}, but probability x impact is {score}",
                        item.id, written.value
                    ),
                    format!("remove `score` (it is computed) or write `score: {score}`"),
                ));
            }
        }
    }
}
