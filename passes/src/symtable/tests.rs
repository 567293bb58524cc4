use super::*;

#[test]
fn mangling_follows_cpython() {
    assert_eq!(mangle(Some("C"), "__x"), "_C__x");
    assert_eq!(mangle(Some("__C"), "__x"), "_C__x");
    assert_eq!(mangle(Some("___"), "__x"), "__x");
    assert_eq!(mangle(Some("C"), "__x__"), "__x__");
    assert_eq!(mangle(Some("C"), "__x.y"), "__x.y");
    assert_eq!(mangle(Some("C"), "_x"), "_x");
    assert_eq!(mangle(None, "__x"), "__x");
}
