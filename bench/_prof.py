import sys, time, statistics
sys.argv=[sys.argv[0]]
from national import national_app, _admin_url
from load import cookies_for, pages_for
from harness import db
app = national_app(_admin_url(sys.argv[1] if len(sys.argv)>1 else "dhr_national")[1])
pages = pages_for(app); cookies = cookies_for(app)
for p in pages:
    c = app.test_client()
    if p.persona: c.set_cookie("dhr_session", cookies[p.persona])
    r = c.get(p.path); t=[]
    for _ in range(5):
        s=time.perf_counter(); r=c.get(p.path); t.append((time.perf_counter()-s)*1000)
    print(f"{p.label:<34} {r.status_code} {statistics.median(t):8.1f} ms")
