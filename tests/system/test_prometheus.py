"""A real Prometheus scrapes a running server and one of its metrics is queried back through
Prometheus's HTTP API."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

from conftest import call, free_port


def test_prometheus_scrapes_bourse(server):
    binary = shutil.which("prometheus")
    assert binary, "prometheus is not installed (scripts/test installs Debian's package)"
    for _ in range(3):
        call(server.base, "GET", "/health")
    folder = tempfile.mkdtemp(prefix="bourse-prometheus-")
    port = free_port()
    with open(os.path.join(folder, "prometheus.yml"), "w") as config:
        config.write(f"""
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: bourse
    metrics_path: /metrics
    static_configs:
      - targets: ["127.0.0.1:{server.port}"]
""")
    process = subprocess.Popen(
        [binary, f"--config.file={folder}/prometheus.yml", f"--storage.tsdb.path={folder}/data",
         f"--web.listen-address=127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "prometheus.log"), "w"))
    try:
        query = urllib.parse.quote('bourse_http_requests_total{route="/health"}')
        deadline = time.time() + 90
        result = []
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/query?query={query}", timeout=5) as response:
                    body = json.loads(response.read())
                    result = body["data"]["result"]
                    if result:
                        break
            except OSError:
                pass
            time.sleep(1)
        assert result, "Prometheus never returned bourse_http_requests_total: " + open(os.path.join(folder, "prometheus.log")).read()[-1500:]
        sample = result[0]
        assert sample["metric"]["route"] == "/health"
        assert float(sample["value"][1]) >= 3
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
