//! Notices: short sentences for the learner about what was refused or left out. Every notice
//! goes through [`Notices::push`], which keeps only the newest few.

/// Most notices kept; older ones drop off.
pub const MAX_NOTICES: usize = 8;

/// The notices shown now, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Notices(Vec<String>);

impl Notices {
    /// Adds one, dropping the oldest beyond [`MAX_NOTICES`].
    pub fn push(&mut self, text: impl Into<String>) {
        self.0.push(text.into());
        if self.0.len() > MAX_NOTICES {
            self.0.remove(0);
        }
    }

    /// Forgets them all.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The notices, oldest first.
    pub fn all(&self) -> &[String] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_are_kept() {
        let mut n = Notices::default();
        for i in 0..20 {
            n.push(format!("{i}"));
        }
        assert_eq!(n.all().len(), MAX_NOTICES);
        assert_eq!(n.all()[0], "12");
    }
}
