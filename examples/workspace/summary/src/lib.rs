//! Formats results as JSON. Pure computation: no capability at all.
use serde::Serialize;

#[derive(Serialize)]
pub struct Summary<'a> {
    pub tool: &'a str,
    pub items: Vec<String>,
}

pub fn to_json(summary: &Summary) -> String {
    serde_json::to_string_pretty(summary).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
