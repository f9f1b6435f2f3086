//! Errors cross the boundary as `"CODE: message"`; `ts/engine/wasm.ts` turns them into
//! kerasm's error classes by the code.
use wasm_bindgen::JsError;

pub fn invalid(message: &str) -> JsError {
    JsError::new(&format!("INVALID_ARGUMENT: {message}"))
}
