# Varnish in front of Newsline (`newsline serve` on 127.0.0.1:8000).
#
# Pages say how long shared caches keep them (Cache-Control s-maxage, never past the
# edition's next scheduled story) and which content they show (Surrogate-Key). Newsline
# purges by those keys when content changes: set NEWSLINE_PURGE_URLS=http://127.0.0.1:6081/
# and every publish, correction, withdrawal, breaking flag and live entry sends
#   PURGE /  with  Surrogate-Key: article:42 newsline:en …
# which bans every cached page carrying one of the keys.
#
#   varnishd -a :6081 -f /etc/varnish/newsline.vcl -s malloc,1G
vcl 4.1;

import std;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the Newsline worker, on this machine or the private network.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.Surrogate-Key !~ "^[A-Za-z0-9:_ -]+$") {
            return (synth(400, "Surrogate-Key with the tags to purge is required"));
        }
        # One ban for all the keys: an object goes if its Surrogate-Key holds any of them
        # as a whole word. Only obj.* is tested, so the ban lurker clears old objects too.
        ban("obj.http.Surrogate-Key ~ (^|\s)(" +
            regsuball(req.http.Surrogate-Key, "\s+", "|") + ")(\s|$)");
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in newsroom users and API clients with a token see their own pages.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=" || req.http.Authorization) {
        return (pass);
    }
    # Campaign parameters do not change a page; without them, shared links hit the cache.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|msclkid)=") {
        set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|msclkid)=[^&]*", "\1");
        set req.url = regsuball(req.url, "([?&])&+", "\1");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # Other cookies (preferences, analytics) do not change a page either.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store|no-cache") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # beresp.ttl comes from s-maxage. Grace is how long a stale copy may be served while
    # a fresh one is fetched: exactly stale-while-revalidate, which Newsline clips so no
    # copy outlives a scheduled publication; none without it.
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^.*stale-while-revalidate=([0-9]+).*$", "\1s"),
            0s);
    } else {
        set beresp.grace = 0s;
    }
    set beresp.keep = 0s;
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
