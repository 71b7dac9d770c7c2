// Passkey ceremonies for Carafe's pages (SPEC §9). The server hands out WebAuthn Level 3 JSON options
// ({publicKey: ...}); the browser's own PublicKeyCredential.parse…OptionsFromJSON and credential.toJSON()
// do every conversion, so this file only moves JSON between the server and navigator.credentials.
// Elements opt in with data-passkey-* attributes; a browser without WebAuthn (or without the Level 3
// JSON methods) keeps them hidden, and every page still works without this script.
"use strict";

(function () {
  const supported = window.PublicKeyCredential
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function"
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
  if (!supported) return;

  // The pending conditional request (autofill), aborted when a button starts a modal one.
  let autofill = null;

  async function post(path, body, csrfToken) {
    const headers = { "Content-Type": "application/json", "Accept": "application/json" };
    if (csrfToken) headers["X-CSRF-Token"] = csrfToken;
    const response = await fetch(path, {
      method: "POST", headers, body: JSON.stringify(body || {}), credentials: "same-origin",
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const error = new Error(json.detail || json.title || "The server refused it.");
      error.status = response.status;
      error.type = json.type || "";
      error.errors = json.errors || [];
      throw error;
    }
    return json;
  }

  function show(container, message) {
    const slot = container.querySelector("[data-passkey-message]");
    if (slot) {
      slot.textContent = message;
      slot.hidden = !message;
    }
  }

  function explain(error) {
    if (error && error.name === "NotAllowedError") return "The passkey request was cancelled or timed out.";
    if (error && error.name === "InvalidStateError") return "This device already holds a passkey for your account.";
    if (error && error.errors && error.errors.length) return error.errors.map((e) => e.message).join(" ");
    return (error && error.message) || "Something went wrong with the passkey.";
  }

  function reauthenticateFirst(error) {
    if (error && error.status === 401 && error.type.endsWith("/problems/reauthentication-required")) {
      location.assign("/reauthenticate?next=" + encodeURIComponent(location.pathname));
      return true;
    }
    return false;
  }

  /** Asks the server for request options, then the browser for an assertion (mediation: "conditional" or modal). */
  async function assertion(optionsPath, mediation, signal) {
    const answer = await post(optionsPath, {});
    const request = { publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(answer.publicKey) };
    if (mediation) request.mediation = mediation;
    if (signal) request.signal = signal;
    const credential = await navigator.credentials.get(request);
    return credential.toJSON();
  }

  // Signing in on /login: a button, and autofill in the email field (autocomplete="username webauthn").
  function signIn(container) {
    const next = container.dataset.next || "/";
    const remember = () => {
      const box = document.getElementById("remember");
      return Boolean(box && box.checked);
    };
    const finish = async (credential) => {
      await post("/api/auth/passkey", { credential, remember: remember() });
      location.assign(next);
    };
    container.querySelector("[data-passkey-sign-in]").addEventListener("click", async () => {
      if (autofill) autofill.abort();
      show(container, "");
      try {
        await finish(await assertion("/api/auth/passkey/options"));
      } catch (error) {
        show(container, explain(error));
      }
    });
    if (typeof PublicKeyCredential.isConditionalMediationAvailable === "function") {
      PublicKeyCredential.isConditionalMediationAvailable().then(async (available) => {
        if (!available) return;
        autofill = new AbortController();
        try {
          await finish(await assertion("/api/auth/passkey/options", "conditional", autofill.signal));
        } catch (error) {
          if (error && error.name !== "AbortError") show(container, explain(error));
        }
      });
    }
  }

  // The second step after a password (/login/two-step): the account's passkeys are asked for.
  function secondStep(container) {
    container.querySelector("[data-passkey-second-step]").addEventListener("click", async () => {
      show(container, "");
      try {
        const credential = await assertion("/api/auth/passkey/options");
        const box = document.getElementById("rememberDevice");
        await post("/api/auth/mfa", { credential, rememberDevice: Boolean(box && box.checked) });
        location.assign(container.dataset.next || "/");
      } catch (error) {
        show(container, explain(error));
      }
    });
  }

  // Confirming it is you before a sensitive change (/reauthenticate).
  function reauthenticate(container) {
    container.querySelector("[data-passkey-reauthenticate]").addEventListener("click", async () => {
      show(container, "");
      try {
        const credential = await assertion("/api/auth/passkey/options");
        await post("/api/auth/reauthenticate", { credential }, container.dataset.csrf);
        location.assign(container.dataset.next || "/account");
      } catch (error) {
        show(container, explain(error));
      }
    });
  }

  // Adding a passkey from the account's two-step settings.
  function register(container) {
    container.querySelector("[data-passkey-register]").addEventListener("click", async () => {
      show(container, "");
      const csrf = container.dataset.csrf;
      try {
        const answer = await post("/api/account/passkeys/options", {}, csrf);
        const credential = await navigator.credentials.create({
          publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(answer.publicKey),
        });
        const name = container.querySelector("[data-passkey-name]");
        await post("/api/account/passkeys", { name: name ? name.value : "", credential: credential.toJSON() }, csrf);
        location.assign(container.dataset.done || location.pathname);
      } catch (error) {
        if (!reauthenticateFirst(error)) show(container, explain(error));
      }
    });
  }

  const parts = [
    ["[data-passkey-login]", signIn],
    ["[data-passkey-second-step-form]", secondStep],
    ["[data-passkey-reauthenticate-form]", reauthenticate],
    ["[data-passkey-register-form]", register],
  ];
  for (const [selector, start] of parts) {
    for (const container of document.querySelectorAll(selector)) {
      container.hidden = false;
      start(container);
    }
  }
})();
