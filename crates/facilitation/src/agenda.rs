//! The agenda templates of the seed report (the Groningen, Nijmegen and Twente sessions): a
//! session starts from one and the facilitator edits the steps.

use serde::Serialize;

/// One step of an agenda: a locale key for its name (under `sessions.step_…`) and its minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TemplateStep {
    pub key: &'static str,
    pub minutes: u32,
}

/// An agenda template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub code: &'static str,
    pub steps: &'static [TemplateStep],
}

const fn step(key: &'static str, minutes: u32) -> TemplateStep {
    TemplateStep { key, minutes }
}

/// *Duidingsbijeenkomst (dagdeel)*: a live half day.
pub const HALF_DAY: Template = Template {
    code: "dagdeel",
    steps: &[
        step("introductie", 20),
        step("grasduinen", 30),
        step("eerste_ideeen", 30),
        step("clusteren", 25),
        step("voorstellen", 45),
        step("presenteren", 30),
        step("evaluatie", 10),
    ],
};

/// *Online sessie (2 uur)*.
pub const ONLINE: Template = Template {
    code: "online",
    steps: &[
        step("introductie", 15),
        step("grasduinen", 25),
        step("eerste_ideeen_zin", 35),
        step("clusteren_hoofd", 30),
        step("evaluatie", 15),
    ],
};

pub const TEMPLATES: [Template; 2] = [HALF_DAY, ONLINE];

/// The template with this code.
pub fn template(code: &str) -> Option<Template> {
    TEMPLATES.into_iter().find(|t| t.code == code)
}

/// The longest a step may take, in minutes.
pub const MAX_STEP_MINUTES: u32 = 240;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_fill_their_time() {
        let total = |t: Template| t.steps.iter().map(|s| s.minutes).sum::<u32>();
        assert_eq!(total(ONLINE), 120, "two hours online");
        assert!((180..=240).contains(&total(HALF_DAY)), "a half day");
        assert_eq!(template("online"), Some(ONLINE));
        assert_eq!(template("nergens"), None);
    }
}
