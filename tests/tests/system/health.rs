//! The health check and the headers every response carries, on every backend.

use vertelpunt_system_tests::agent;
use vertelpunt_system_tests::TestApp;

fn healthz_names_the_backend_and_schema_version(app: TestApp) {
    let mut response = agent().get(&format!("{}/healthz", app.url)).call().unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.body_mut().read_json().unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["backend"], app.db.store().backend().name());
    assert!(body["schema_version"].as_str().unwrap().starts_with("2026"));
}
on_every_backend!(healthz_names_the_backend_and_schema_version);

fn every_response_has_a_strict_content_security_policy(app: TestApp) {
    for path in ["/healthz", "/bestaat-niet"] {
        let response = agent().get(&format!("{}{path}", app.url)).call().unwrap();
        let csp = response
            .headers()
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path} has no CSP"))
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(
            response.headers().get("x-content-type-options").unwrap(),
            "nosniff"
        );
    }
}
on_every_backend!(every_response_has_a_strict_content_security_policy);

fn unknown_pages_are_404(app: TestApp) {
    let response = agent()
        .get(&format!("{}/bestaat-niet", app.url))
        .call()
        .unwrap();
    assert_eq!(response.status(), 404);
}
on_every_backend!(unknown_pages_are_404);
