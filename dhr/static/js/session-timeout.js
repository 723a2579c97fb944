// The idle-timeout warning (WCAG 2.2.1): a modal dialog two minutes before the server signs the person out,
// with "Stay signed in". When time runs out, a form with typed text is sent marked as timed out, so the server
// keeps the text for after sign-in instead of acting on it; otherwise the page reloads and the server signs out.
// Every tab shares the time of the last request through localStorage, so an active tab keeps the others quiet.

const dialog = document.getElementById("dhr-timeout");
const LAST = "dhr-last-request";
const loadedAt = Date.now();

function lastRequest() {
  return Math.max(Number(localStorage.getItem(LAST) || 0), loadedAt);
}

function words(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

if (dialog) {
  const idle = Number(dialog.dataset.idleSeconds) * 1000;
  const warn = Number(dialog.dataset.warnSeconds) * 1000;
  // A little after the server's limit, so the server has certainly timed the session out when we act.
  const grace = 5000;
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announce = dialog.querySelector("[data-timeout-announce]");
  let dirty = null;
  let lastAnnounced = null;
  let finished = false;

  localStorage.setItem(LAST, String(loadedAt));
  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest("form[method=post]");
    if (form && form.querySelector("input[name=dhr_page]")) dirty = form;
  });

  function stay() {
    const body = new FormData();
    // The token from the dialog's own sign-out form: every signed-in page has it.
    body.append("csrf_token", dialog.querySelector("input[name=csrf_token]").value);
    fetch(dialog.dataset.keepAliveUrl, { method: "POST", body, credentials: "same-origin", redirect: "manual" })
      .then((response) => {
        if (response.status === 204) {
          localStorage.setItem(LAST, String(Date.now()));
          close();
        } else {
          timeUp();
        }
      })
      .catch(() => close());
  }

  function close() {
    if (dialog.open) dialog.close();
    lastAnnounced = null;
  }

  function timeUp() {
    if (finished) return;
    finished = true;
    if (dirty) {
      const flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "dhr_timed_out";
      flag.value = "1";
      dirty.appendChild(flag);
      HTMLFormElement.prototype.submit.call(dirty);
    } else {
      window.location.reload();
    }
  }

  function tick() {
    if (finished) return;
    const left = lastRequest() + idle - Date.now();
    if (left + grace <= 0) {
      timeUp();
      return;
    }
    if (left > warn) {
      close();
      return;
    }
    const seconds = Math.max(0, Math.ceil(left / 1000));
    countdown.textContent = words(seconds);
    // Screen readers hear the time at the start and then each half minute, not every second.
    const step = seconds > 60 ? Math.ceil(seconds / 60) * 60 : Math.ceil(seconds / 30) * 30;
    if (step !== lastAnnounced) {
      lastAnnounced = step;
      announce.textContent = `You will be signed out in ${words(seconds)}.`;
    }
    if (!dialog.open) dialog.showModal();
  }

  dialog.querySelector("[data-timeout-stay]").addEventListener("click", stay);
  // Escape closes a modal dialog; treat it as staying signed in, as the button does.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });
  window.addEventListener("storage", (event) => {
    if (event.key === LAST) tick();
  });
  setInterval(tick, 1000);
}
