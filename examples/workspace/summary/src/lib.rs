//! Formats the results of the example tools as JSON. Pure computation: no
//! capability at all, although serde_json is generic code instantiated here.
use serde::Serialize;

#[derive(Serialize)]
pub struct Summary<'a> {
    pub tool: &'a str,
    pub count: usize,
    pub items: Vec<String>,
}

impl<'a> Summary<'a> {
    pub fn new(tool: &'a str, items: Vec<String>) -> Self {
        Summary { tool, count: items.len(), items }
    }
}

pub fn to_json(summary: &Summary) -> String {
    serde_json::to_string_pretty(summary).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_items() {
        let json = super::to_json(&super::Summary::new("t", vec!["a".into(), "b".into()]));
        assert!(json.contains("\"count\": 2"), "{json}");
    }
}
