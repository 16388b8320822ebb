//! The colour scheme: the one a link or the learner chose (`theme=`), else the system's.

use crate::app::App;
use crate::render::palette::Theme;

/// The chosen theme, if any, and the system's, which applies when none was chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Appearance {
    /// Chosen by a link or the learner; written back into the link.
    pub chosen: Option<Theme>,
    /// What the system prefers (`prefers-color-scheme`), told by the page; never in the link.
    pub system: Theme,
}

impl Appearance {
    /// The theme drawn with.
    pub fn theme(&self) -> Theme {
        self.chosen.unwrap_or(self.system)
    }
}

impl App {
    /// The theme drawn with.
    pub fn theme(&self) -> Theme {
        self.appearance.theme()
    }

    /// Chooses a theme (`None`: follow the system's again).
    pub fn set_theme(&mut self, theme: Option<Theme>) {
        self.appearance.chosen = theme;
    }

    /// Records the system's preferred theme (used while none is chosen).
    pub fn set_system_theme(&mut self, theme: Theme) {
        self.appearance.system = theme;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_theme_wins_over_the_system_and_round_trips_through_the_link() {
        let mut app = App::new();
        assert_eq!(app.theme(), Theme::Light);
        app.set_system_theme(Theme::Dark);
        assert_eq!(app.theme(), Theme::Dark);
        // Following the system writes nothing into the link.
        assert!(!app.link_pairs().iter().any(|(k, _)| k == "theme"));
        app.set_theme(Some(Theme::Light));
        assert_eq!(app.theme(), Theme::Light);
        let pairs = app.link_pairs();
        assert!(pairs.contains(&("theme".to_string(), "light".to_string())), "{pairs:?}");
        let mut fresh = App::new();
        fresh.set_system_theme(Theme::Dark);
        fresh.apply_link(&pairs);
        assert_eq!(fresh.theme(), Theme::Light);
        assert_eq!(fresh.snapshot().theme, "light");
        fresh.apply_link(&[("theme".into(), "dark".into())]);
        assert_eq!(fresh.snapshot().theme, "dark");
        // A malformed value is a notice and leaves the system's theme.
        let mut bad = App::new();
        bad.apply_link(&[("theme".into(), "<b>".into())]);
        assert_eq!(bad.appearance.chosen, None);
        assert!(bad.snapshot().notices.iter().any(|n| n.contains("theme")));
    }
}
