import sys, cProfile, pstats
from national import national_app, _admin_url
from load import cookies_for, pages_for
app = national_app(_admin_url("dhr_national")[1])
cookies = cookies_for(app)
who, path = sys.argv[1], sys.argv[2]
c = app.test_client(); c.set_cookie("dhr_session", cookies[who]); c.get(path)
pr = cProfile.Profile(); pr.enable(); c.get(path); pr.disable()
pstats.Stats(pr).sort_stats("cumulative").print_stats(60)
