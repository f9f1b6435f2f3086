//! Errors cross the boundary as `"CODE: message"`; `ts/engine/wasm.ts` turns them into
//! kerasm's error classes by the code.
use wasm_bindgen::JsError;

pub fn to_js(error: kerasm_core::error::Error) -> JsError {
    JsError::new(&format!("{}: {error}", error.code()))
}

pub fn invalid(message: &str) -> JsError {
    JsError::new(&format!("INVALID_ARGUMENT: {message}"))
}
