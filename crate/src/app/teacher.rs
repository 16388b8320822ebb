//! A teacher's link: parts of the page hidden (`hide=lab,presets`) and the expression locked
//! (`lock=f`). The engine keeps them so the page's own link writes them back.

/// The parts `hide=` may name: an element with that id, or the panel section of that name.
pub const PARTS: [&str; 10] = ["presets", "input", "field", "readouts", "charts", "limit", "lab", "regression", "graph", "lessons"];

/// What a teacher's link hides and locks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Teacher {
    /// Hidden parts, each from [`PARTS`], in the order of [`PARTS`].
    pub hide: Vec<&'static str>,
    /// The expression field is read-only.
    pub lock_f: bool,
}

impl Teacher {
    /// Reads `hide=`: names from [`PARTS`], comma-separated; returns the names it did not know.
    pub fn read_hide(&mut self, value: &str) -> Vec<String> {
        let names: Vec<&str> = value.split(',').map(str::trim).filter(|s| !s.is_empty()).take(64).collect();
        self.hide = PARTS.iter().copied().filter(|p| names.contains(p)).collect();
        names.iter().filter(|n| !PARTS.contains(n)).map(|n| n.chars().take(20).collect()).collect()
    }

    /// Reads `lock=`: `f` locks the expression, empty unlocks; anything else is refused.
    pub fn read_lock(&mut self, value: &str) -> Result<(), String> {
        match value.trim() {
            "f" => self.lock_f = true,
            "" | "none" => self.lock_f = false,
            _ => return Err("ignored the link's lock: it is lock=f".into()),
        }
        Ok(())
    }

    /// Its link pairs (none when nothing is hidden or locked).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        if !self.hide.is_empty() {
            pairs.push(("hide".to_string(), self.hide.join(",")));
        }
        if self.lock_f {
            pairs.push(("lock".to_string(), "f".to_string()));
        }
        pairs
    }
}

impl crate::app::App {
    /// Applies a link's `hide` and `lock` values (absent keys change nothing).
    pub fn apply_teacher_link(&mut self, hide: Option<&str>, lock: Option<&str>) {
        if let Some(v) = hide {
            for name in self.teacher.read_hide(v) {
                self.notices.push(format!("ignored `{name}` in the link's hide: it names one of {}", PARTS.join(", ")));
            }
        }
        if let Some(v) = lock {
            if let Err(e) = self.teacher.read_lock(v) {
                self.notices.push(e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hide_keeps_known_parts_in_order_and_reports_the_rest() {
        let mut t = Teacher::default();
        let unknown = t.read_hide("lab, presets,<b>,lab,graph");
        assert_eq!(t.hide, vec!["presets", "lab", "graph"]);
        assert_eq!(unknown, vec!["<b>".to_string()]);
        assert_eq!(t.pairs(), vec![("hide".to_string(), "presets,lab,graph".to_string())]);
        t.read_hide("");
        assert!(t.hide.is_empty());
    }

    #[test]
    fn lock_is_f_or_nothing() {
        let mut t = Teacher::default();
        assert!(t.read_lock("f").is_ok());
        assert!(t.lock_f);
        assert!(t.read_lock("x").is_err());
        assert!(t.lock_f);
        assert!(t.read_lock("").is_ok());
        assert!(!t.lock_f);
    }
}
