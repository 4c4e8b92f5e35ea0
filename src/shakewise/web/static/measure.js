// The Measure page: record devicemotion for a few seconds, upload, show the analysis.
// Without JavaScript (or motion data) the page offers a file upload instead.
(() => {
  const box = document.getElementById("recorder");
  if (!box || !("DeviceMotionEvent" in window)) return;
  box.hidden = false;
  const seconds = Number(box.dataset.seconds);
  const countdown = Number(box.dataset.countdown);
  const status = document.getElementById("status");
  const start = document.getElementById("start");
  const canvas = document.getElementById("trace");
  const ctx = canvas.getContext("2d");
  let samples = [];

  const say = (text) => { status.textContent = text; };
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function onMotion(e) {
    const a = e.accelerationIncludingGravity || e.acceleration;
    if (!a || a.x === null) return;
    const s = { t: e.timeStamp / 1000, ax: a.x, ay: a.y, az: a.z };
    const r = e.rotationRate;
    if (r && r.alpha !== null) Object.assign(s, { gx: r.beta, gy: r.gamma, gz: r.alpha });
    samples.push(s);
  }

  function draw() {
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    const recent = samples.slice(-300);
    if (recent.length < 2) return;
    const mags = recent.map((s) => Math.hypot(s.ax, s.ay, s.az));
    const mean = mags.reduce((x, y) => x + y, 0) / mags.length;
    ctx.strokeStyle = "#0b5cad";
    ctx.beginPath();
    mags.forEach((m, i) => {
      const x = (i / (mags.length - 1)) * w;
      const y = h / 2 - (m - mean) * 20;
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }

  async function record() {
    start.disabled = true;
    if (typeof DeviceMotionEvent.requestPermission === "function") {
      const answer = await DeviceMotionEvent.requestPermission().catch(() => "denied");
      if (answer !== "granted") {
        say("Motion access was not allowed. Allow it in your browser settings, or upload a file below.");
        start.disabled = false;
        return;
      }
    }
    for (let n = countdown; n > 0; n--) { say(`Starting in ${n}…`); await wait(1000); }
    samples = [];
    window.addEventListener("devicemotion", onMotion);
    const timer = setInterval(draw, 100);
    for (let left = seconds; left > 0; left--) {
      say(`Recording… ${left} s left. Keep still.`);
      await wait(1000);
      if (left === seconds - 2 && samples.length === 0) break;
    }
    window.removeEventListener("devicemotion", onMotion);
    clearInterval(timer);
    if (samples.length === 0) {
      say("This browser gives no motion data (most computers don't). Upload a recording file below instead.");
      start.disabled = false;
      return;
    }
    say("Analysing…");
    const response = await fetch("/api/v1/recordings?plot=true", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ acc_unit: "m/s2", gyro_unit: "deg/s", samples }),
    });
    const body = await response.json();
    start.disabled = false;
    if (!response.ok) { say(body.error.message); return; }
    show(body);
  }

  function show(body) {
    const a = body.analysis;
    say("Done.");
    document.getElementById("summary").textContent = a.tremor_detected
      ? `Shaking measured at ${a.dominant_frequency_hz.toFixed(1)} times a second (${a.band}). ${a.suggests || ""}`
      : "No steady shaking above the background.";
    const plot = document.getElementById("plot");
    if (body.plot_png) { plot.src = `data:image/png;base64,${body.plot_png}`; plot.hidden = false; }
    const form = document.getElementById("use-form");
    for (const [finding, state] of Object.entries(body.findings)) {
      const input = document.createElement("input");
      Object.assign(input, { type: "hidden", name: "m", value: `${finding}:${state}` });
      form.prepend(input);
    }
    document.getElementById("result").hidden = false;
  }

  start.addEventListener("click", record);
})();
