// Copies GOV.UK Frontend's fonts, images and JavaScript into the git-ignored static folder.
const fs = require("fs");
const src = "node_modules/govuk-frontend/dist/govuk/";
const out = "dhr/static/govuk/";
fs.mkdirSync(out, { recursive: true });
fs.cpSync(src + "assets", out + "assets", { recursive: true });
fs.copyFileSync(src + "govuk-frontend.min.js", out + "govuk-frontend.min.js");
