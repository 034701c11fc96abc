// Builds the explorer into dist/: one bundled script (Cytoscape included),
// the page and its stylesheet. No CDN, no fonts from elsewhere: the Go
// binary embeds dist/ and serves everything itself.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

// dist/.gitkeep stays: the Go embed needs the folder even before a build.
rmSync("dist/assets", { recursive: true, force: true });
rmSync("dist/index.html", { force: true });
mkdirSync("dist/assets", { recursive: true });
await build({
  entryPoints: ["src/app.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile: "dist/assets/app.js",
  legalComments: "linked",
});
copyFileSync("src/index.html", "dist/index.html");
copyFileSync("src/style.css", "dist/assets/style.css");
console.log("explorer built into web/dist");
