/** The page at `/` until the web UI exists: what this server is and where its API is. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function homePage(version: string): string {
  const v = escapeHtml(version);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cairn ${v}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2rem}</style>
</head>
<body>
<h1>Cairn <small>${v}</small></h1>
<p>This Cairn server is running. It has no web interface yet; it serves APIs.</p>
<ul>
<li>REST API v1: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a> (OpenAPI 3.1), <a href="/api/v1/health"><code>/api/v1/health</code></a></li>
<li>MLflow clients: set <code>MLFLOW_TRACKING_URI</code> to this server's address.</li>
<li>Documentation: the <code>docs/</code> folder of the Cairn source, with the API reference in <code>docs/reference/api.md</code>.</li>
</ul>
</body>
</html>
`;
}
