/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const corral = $root.corral = (() => {

    const corral = {};

    corral.Frame = (function() {

        const Frame = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        Frame.prototype.id = 0;
        Frame.prototype.type = "";
        Frame.prototype.request = null;
        Frame.prototype.response = null;

        let $oneOfFields;

        $Object.defineProperty(Frame.prototype, "body", {
            get: $util.oneOfGetter($oneOfFields = ["request", "response"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        Frame.create = function(properties) {
            return new Frame(properties);
        };

        Frame.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.id != null && $Object.hasOwnProperty.call(m, "id") && m.id !== 0)
                w.uint32(8).uint32(m.id);
            if (m.type != null && $Object.hasOwnProperty.call(m, "type") && m.type !== "")
                w.uint32(18).string(m.type);
            if (m.request != null && $Object.hasOwnProperty.call(m, "request"))
                w.uint32(26).bytes(m.request);
            if (m.response != null && $Object.hasOwnProperty.call(m, "response"))
                $root.corral.Response.encode(m.response, w.uint32(34).fork(), q + 1).ldelim();
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        Frame.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.Frame();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.id = v;
                        else
                            delete m.id;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.type = v;
                        else
                            delete m.type;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        m.request = r.bytes();
                        m.body = "request";
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        m.response = $root.corral.Response.decode(r, r.size(), $undefined, q + 1, m.response);
                        m.body = "response";
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        Frame.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.Frame";
        };

        return Frame;
    })();

    corral.Response = (function() {

        const Response = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        Response.prototype.ok = false;
        Response.prototype.result = $util.newBuffer([]);
        Response.prototype.error = null;

        Response.create = function(properties) {
            return new Response(properties);
        };

        Response.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.ok != null && $Object.hasOwnProperty.call(m, "ok") && m.ok !== false)
                w.uint32(8).bool(m.ok);
            if (m.result != null && $Object.hasOwnProperty.call(m, "result") && m.result.length)
                w.uint32(18).bytes(m.result);
            if (m.error != null && $Object.hasOwnProperty.call(m, "error"))
                $root.corral.Error.encode(m.error, w.uint32(26).fork(), q + 1).ldelim();
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        Response.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.Response();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.ok = v;
                        else
                            delete m.ok;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.result = v;
                        else
                            delete m.result;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        m.error = $root.corral.Error.decode(r, r.size(), $undefined, q + 1, m.error);
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        Response.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.Response";
        };

        return Response;
    })();

    corral.Error = (function() {

        const Error = function (p) {
            this.invalid = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        Error.prototype.message = "";
        Error.prototype.type = "";
        Error.prototype.invalid = $util.emptyArray;

        Error.create = function(properties) {
            return new Error(properties);
        };

        Error.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.message != null && $Object.hasOwnProperty.call(m, "message") && m.message !== "")
                w.uint32(10).string(m.message);
            if (m.type != null && $Object.hasOwnProperty.call(m, "type") && m.type !== "")
                w.uint32(18).string(m.type);
            if (m.invalid != null && m.invalid.length) {
                for (var i = 0; i < m.invalid.length; ++i)
                    $root.corral.Invalid.encode(m.invalid[i], w.uint32(26).fork(), q + 1).ldelim();
            }
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        Error.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.Error();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.message = v;
                        else
                            delete m.message;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.type = v;
                        else
                            delete m.type;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if (!(m.invalid && m.invalid.length))
                            m.invalid = [];
                        m.invalid.push($root.corral.Invalid.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        Error.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.Error";
        };

        return Error;
    })();

    corral.Invalid = (function() {

        const Invalid = function (p) {
            this.path = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        Invalid.prototype.message = "";
        Invalid.prototype.path = $util.emptyArray;

        Invalid.create = function(properties) {
            return new Invalid(properties);
        };

        Invalid.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.message != null && $Object.hasOwnProperty.call(m, "message") && m.message !== "")
                w.uint32(10).string(m.message);
            if (m.path != null && m.path.length) {
                for (var i = 0; i < m.path.length; ++i)
                    w.uint32(18).string(m.path[i]);
            }
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        Invalid.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.Invalid();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.message = v;
                        else
                            delete m.message;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if (!(m.path && m.path.length))
                            m.path = [];
                        m.path.push(r.stringVerify());
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        Invalid.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.Invalid";
        };

        return Invalid;
    })();

    corral.Empty = (function() {

        const Empty = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        Empty.create = function(properties) {
            return new Empty(properties);
        };

        Empty.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        Empty.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.Empty();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                r.skipType(t & 7, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        Empty.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.Empty";
        };

        return Empty;
    })();

    corral.Ready = (function() {

        const Ready = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        Ready.prototype.protocolVersion = 0;
        Ready.prototype.group = "";
        Ready.prototype.pid = 0;
        Ready.prototype.runtimeVersion = "";

        Ready.create = function(properties) {
            return new Ready(properties);
        };

        Ready.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.protocolVersion != null && $Object.hasOwnProperty.call(m, "protocolVersion") && m.protocolVersion !== 0)
                w.uint32(8).uint32(m.protocolVersion);
            if (m.group != null && $Object.hasOwnProperty.call(m, "group") && m.group !== "")
                w.uint32(18).string(m.group);
            if (m.pid != null && $Object.hasOwnProperty.call(m, "pid") && m.pid !== 0)
                w.uint32(24).uint32(m.pid);
            if (m.runtimeVersion != null && $Object.hasOwnProperty.call(m, "runtimeVersion") && m.runtimeVersion !== "")
                w.uint32(34).string(m.runtimeVersion);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        Ready.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.Ready();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.protocolVersion = v;
                        else
                            delete m.protocolVersion;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.group = v;
                        else
                            delete m.group;
                        continue;
                    }
                case 3: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.pid = v;
                        else
                            delete m.pid;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.runtimeVersion = v;
                        else
                            delete m.runtimeVersion;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        Ready.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.Ready";
        };

        return Ready;
    })();

    corral.PingRequest = (function() {

        const PingRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        PingRequest.prototype.sentAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        PingRequest.create = function(properties) {
            return new PingRequest(properties);
        };

        PingRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.sentAtMs != null && $Object.hasOwnProperty.call(m, "sentAtMs") && (typeof m.sentAtMs === "object" ? m.sentAtMs.low || m.sentAtMs.high : m.sentAtMs !== 0))
                w.uint32(8).uint64(m.sentAtMs);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        PingRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.PingRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                            m.sentAtMs = v;
                        else
                            delete m.sentAtMs;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        PingRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.PingRequest";
        };

        return PingRequest;
    })();

    corral.PingResult = (function() {

        const PingResult = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        PingResult.prototype.rssBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
        PingResult.prototype.heapUsedBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
        PingResult.prototype.uptimeMs = 0;

        PingResult.create = function(properties) {
            return new PingResult(properties);
        };

        PingResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.rssBytes != null && $Object.hasOwnProperty.call(m, "rssBytes") && (typeof m.rssBytes === "object" ? m.rssBytes.low || m.rssBytes.high : m.rssBytes !== 0))
                w.uint32(8).uint64(m.rssBytes);
            if (m.heapUsedBytes != null && $Object.hasOwnProperty.call(m, "heapUsedBytes") && (typeof m.heapUsedBytes === "object" ? m.heapUsedBytes.low || m.heapUsedBytes.high : m.heapUsedBytes !== 0))
                w.uint32(16).uint64(m.heapUsedBytes);
            if (m.uptimeMs != null && $Object.hasOwnProperty.call(m, "uptimeMs") && !$Object.is(m.uptimeMs, 0))
                w.uint32(25).double(m.uptimeMs);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        PingResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.PingResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                            m.rssBytes = v;
                        else
                            delete m.rssBytes;
                        continue;
                    }
                case 2: {
                        if (u !== 0)
                            break;
                        if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                            m.heapUsedBytes = v;
                        else
                            delete m.heapUsedBytes;
                        continue;
                    }
                case 3: {
                        if (u !== 1)
                            break;
                        if (!$Object.is(v = r.double(), 0))
                            m.uptimeMs = v;
                        else
                            delete m.uptimeMs;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        PingResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.PingResult";
        };

        return PingResult;
    })();

    corral.ShutdownRequest = (function() {

        const ShutdownRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        ShutdownRequest.prototype.reason = "";

        ShutdownRequest.create = function(properties) {
            return new ShutdownRequest(properties);
        };

        ShutdownRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.reason != null && $Object.hasOwnProperty.call(m, "reason") && m.reason !== "")
                w.uint32(10).string(m.reason);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        ShutdownRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.ShutdownRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.reason = v;
                        else
                            delete m.reason;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        ShutdownRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.ShutdownRequest";
        };

        return ShutdownRequest;
    })();

    corral.ShutdownResult = (function() {

        const ShutdownResult = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        ShutdownResult.prototype.restoreState = $util.newBuffer([]);

        ShutdownResult.create = function(properties) {
            return new ShutdownResult(properties);
        };

        ShutdownResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.restoreState != null && $Object.hasOwnProperty.call(m, "restoreState") && m.restoreState.length)
                w.uint32(10).bytes(m.restoreState);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        ShutdownResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.ShutdownResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.restoreState = v;
                        else
                            delete m.restoreState;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        ShutdownResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.ShutdownResult";
        };

        return ShutdownResult;
    })();

    corral.ConfigSubentry = (function() {

        const ConfigSubentry = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        ConfigSubentry.prototype.subentryId = "";
        ConfigSubentry.prototype.subentryType = "";
        ConfigSubentry.prototype.title = "";
        ConfigSubentry.prototype.uniqueId = null;
        ConfigSubentry.prototype.data = $util.newBuffer([]);

        let $oneOfFields;

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ConfigSubentry.prototype, "_uniqueId", {
            get: $util.oneOfGetter($oneOfFields = ["uniqueId"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        ConfigSubentry.create = function(properties) {
            return new ConfigSubentry(properties);
        };

        ConfigSubentry.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.subentryId != null && $Object.hasOwnProperty.call(m, "subentryId") && m.subentryId !== "")
                w.uint32(10).string(m.subentryId);
            if (m.subentryType != null && $Object.hasOwnProperty.call(m, "subentryType") && m.subentryType !== "")
                w.uint32(18).string(m.subentryType);
            if (m.title != null && $Object.hasOwnProperty.call(m, "title") && m.title !== "")
                w.uint32(26).string(m.title);
            if (m.uniqueId != null && $Object.hasOwnProperty.call(m, "uniqueId"))
                w.uint32(34).string(m.uniqueId);
            if (m.data != null && $Object.hasOwnProperty.call(m, "data") && m.data.length)
                w.uint32(42).bytes(m.data);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        ConfigSubentry.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.ConfigSubentry();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.subentryId = v;
                        else
                            delete m.subentryId;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.subentryType = v;
                        else
                            delete m.subentryType;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.title = v;
                        else
                            delete m.title;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        m.uniqueId = r.stringVerify();
                        m._uniqueId = "uniqueId";
                        continue;
                    }
                case 5: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.data = v;
                        else
                            delete m.data;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        ConfigSubentry.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.ConfigSubentry";
        };

        return ConfigSubentry;
    })();

    corral.ConfigEntry = (function() {

        const ConfigEntry = function (p) {
            this.subentries = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        ConfigEntry.prototype.entryId = "";
        ConfigEntry.prototype.domain = "";
        ConfigEntry.prototype.title = "";
        ConfigEntry.prototype.data = $util.newBuffer([]);
        ConfigEntry.prototype.options = $util.newBuffer([]);
        ConfigEntry.prototype.version = 0;
        ConfigEntry.prototype.minorVersion = 0;
        ConfigEntry.prototype.source = "";
        ConfigEntry.prototype.uniqueId = null;
        ConfigEntry.prototype.prefDisableNewEntities = false;
        ConfigEntry.prototype.prefDisablePolling = false;
        ConfigEntry.prototype.subentries = $util.emptyArray;

        let $oneOfFields;

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ConfigEntry.prototype, "_uniqueId", {
            get: $util.oneOfGetter($oneOfFields = ["uniqueId"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        ConfigEntry.create = function(properties) {
            return new ConfigEntry(properties);
        };

        ConfigEntry.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.entryId != null && $Object.hasOwnProperty.call(m, "entryId") && m.entryId !== "")
                w.uint32(10).string(m.entryId);
            if (m.domain != null && $Object.hasOwnProperty.call(m, "domain") && m.domain !== "")
                w.uint32(18).string(m.domain);
            if (m.title != null && $Object.hasOwnProperty.call(m, "title") && m.title !== "")
                w.uint32(26).string(m.title);
            if (m.data != null && $Object.hasOwnProperty.call(m, "data") && m.data.length)
                w.uint32(34).bytes(m.data);
            if (m.options != null && $Object.hasOwnProperty.call(m, "options") && m.options.length)
                w.uint32(42).bytes(m.options);
            if (m.version != null && $Object.hasOwnProperty.call(m, "version") && m.version !== 0)
                w.uint32(48).uint32(m.version);
            if (m.minorVersion != null && $Object.hasOwnProperty.call(m, "minorVersion") && m.minorVersion !== 0)
                w.uint32(56).uint32(m.minorVersion);
            if (m.source != null && $Object.hasOwnProperty.call(m, "source") && m.source !== "")
                w.uint32(66).string(m.source);
            if (m.uniqueId != null && $Object.hasOwnProperty.call(m, "uniqueId"))
                w.uint32(74).string(m.uniqueId);
            if (m.prefDisableNewEntities != null && $Object.hasOwnProperty.call(m, "prefDisableNewEntities") && m.prefDisableNewEntities !== false)
                w.uint32(80).bool(m.prefDisableNewEntities);
            if (m.prefDisablePolling != null && $Object.hasOwnProperty.call(m, "prefDisablePolling") && m.prefDisablePolling !== false)
                w.uint32(88).bool(m.prefDisablePolling);
            if (m.subentries != null && m.subentries.length) {
                for (var i = 0; i < m.subentries.length; ++i)
                    $root.corral.ConfigSubentry.encode(m.subentries[i], w.uint32(98).fork(), q + 1).ldelim();
            }
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        ConfigEntry.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.ConfigEntry();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.entryId = v;
                        else
                            delete m.entryId;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.domain = v;
                        else
                            delete m.domain;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.title = v;
                        else
                            delete m.title;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.data = v;
                        else
                            delete m.data;
                        continue;
                    }
                case 5: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.options = v;
                        else
                            delete m.options;
                        continue;
                    }
                case 6: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.version = v;
                        else
                            delete m.version;
                        continue;
                    }
                case 7: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.minorVersion = v;
                        else
                            delete m.minorVersion;
                        continue;
                    }
                case 8: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.source = v;
                        else
                            delete m.source;
                        continue;
                    }
                case 9: {
                        if (u !== 2)
                            break;
                        m.uniqueId = r.stringVerify();
                        m._uniqueId = "uniqueId";
                        continue;
                    }
                case 10: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.prefDisableNewEntities = v;
                        else
                            delete m.prefDisableNewEntities;
                        continue;
                    }
                case 11: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.prefDisablePolling = v;
                        else
                            delete m.prefDisablePolling;
                        continue;
                    }
                case 12: {
                        if (u !== 2)
                            break;
                        if (!(m.subentries && m.subentries.length))
                            m.subentries = [];
                        m.subentries.push($root.corral.ConfigSubentry.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        ConfigEntry.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.ConfigEntry";
        };

        return ConfigEntry;
    })();

    corral.IntegrationSource = (function() {

        const IntegrationSource = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        IntegrationSource.prototype.kind = 0;
        IntegrationSource.prototype.domain = "";
        IntegrationSource.prototype.path = "";
        IntegrationSource.prototype.integrity = "";

        IntegrationSource.create = function(properties) {
            return new IntegrationSource(properties);
        };

        IntegrationSource.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.kind != null && $Object.hasOwnProperty.call(m, "kind") && m.kind !== 0)
                w.uint32(8).int32(m.kind);
            if (m.domain != null && $Object.hasOwnProperty.call(m, "domain") && m.domain !== "")
                w.uint32(18).string(m.domain);
            if (m.path != null && $Object.hasOwnProperty.call(m, "path") && m.path !== "")
                w.uint32(26).string(m.path);
            if (m.integrity != null && $Object.hasOwnProperty.call(m, "integrity") && m.integrity !== "")
                w.uint32(34).string(m.integrity);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        IntegrationSource.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.IntegrationSource();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (v = r.int32())
                            m.kind = v;
                        else
                            delete m.kind;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.domain = v;
                        else
                            delete m.domain;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.path = v;
                        else
                            delete m.path;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.integrity = v;
                        else
                            delete m.integrity;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        IntegrationSource.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.IntegrationSource";
        };

        IntegrationSource.Kind = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "BUILT_IN"] = 0;
            values[valuesById[1] = "DIRECTORY"] = 1;
            values[valuesById[2] = "TARBALL"] = 2;
            return values;
        })();

        return IntegrationSource;
    })();

    corral.HostConfig = (function() {

        const HostConfig = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        HostConfig.prototype.latitude = 0;
        HostConfig.prototype.longitude = 0;
        HostConfig.prototype.elevation = 0;
        HostConfig.prototype.timeZone = "";
        HostConfig.prototype.unitSystem = "";
        HostConfig.prototype.language = "";
        HostConfig.prototype.country = "";
        HostConfig.prototype.currency = "";
        HostConfig.prototype.locationName = "";

        HostConfig.create = function(properties) {
            return new HostConfig(properties);
        };

        HostConfig.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.latitude != null && $Object.hasOwnProperty.call(m, "latitude") && !$Object.is(m.latitude, 0))
                w.uint32(9).double(m.latitude);
            if (m.longitude != null && $Object.hasOwnProperty.call(m, "longitude") && !$Object.is(m.longitude, 0))
                w.uint32(17).double(m.longitude);
            if (m.elevation != null && $Object.hasOwnProperty.call(m, "elevation") && !$Object.is(m.elevation, 0))
                w.uint32(25).double(m.elevation);
            if (m.timeZone != null && $Object.hasOwnProperty.call(m, "timeZone") && m.timeZone !== "")
                w.uint32(34).string(m.timeZone);
            if (m.unitSystem != null && $Object.hasOwnProperty.call(m, "unitSystem") && m.unitSystem !== "")
                w.uint32(42).string(m.unitSystem);
            if (m.language != null && $Object.hasOwnProperty.call(m, "language") && m.language !== "")
                w.uint32(50).string(m.language);
            if (m.country != null && $Object.hasOwnProperty.call(m, "country") && m.country !== "")
                w.uint32(58).string(m.country);
            if (m.currency != null && $Object.hasOwnProperty.call(m, "currency") && m.currency !== "")
                w.uint32(66).string(m.currency);
            if (m.locationName != null && $Object.hasOwnProperty.call(m, "locationName") && m.locationName !== "")
                w.uint32(74).string(m.locationName);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        HostConfig.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.HostConfig();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 1)
                            break;
                        if (!$Object.is(v = r.double(), 0))
                            m.latitude = v;
                        else
                            delete m.latitude;
                        continue;
                    }
                case 2: {
                        if (u !== 1)
                            break;
                        if (!$Object.is(v = r.double(), 0))
                            m.longitude = v;
                        else
                            delete m.longitude;
                        continue;
                    }
                case 3: {
                        if (u !== 1)
                            break;
                        if (!$Object.is(v = r.double(), 0))
                            m.elevation = v;
                        else
                            delete m.elevation;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.timeZone = v;
                        else
                            delete m.timeZone;
                        continue;
                    }
                case 5: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.unitSystem = v;
                        else
                            delete m.unitSystem;
                        continue;
                    }
                case 6: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.language = v;
                        else
                            delete m.language;
                        continue;
                    }
                case 7: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.country = v;
                        else
                            delete m.country;
                        continue;
                    }
                case 8: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.currency = v;
                        else
                            delete m.currency;
                        continue;
                    }
                case 9: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.locationName = v;
                        else
                            delete m.locationName;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        HostConfig.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.HostConfig";
        };

        return HostConfig;
    })();

    corral.EntrySetupRequest = (function() {

        const EntrySetupRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        EntrySetupRequest.prototype.entry = null;
        EntrySetupRequest.prototype.source = null;
        EntrySetupRequest.prototype.hostConfig = null;

        EntrySetupRequest.create = function(properties) {
            return new EntrySetupRequest(properties);
        };

        EntrySetupRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.entry != null && $Object.hasOwnProperty.call(m, "entry"))
                $root.corral.ConfigEntry.encode(m.entry, w.uint32(10).fork(), q + 1).ldelim();
            if (m.source != null && $Object.hasOwnProperty.call(m, "source"))
                $root.corral.IntegrationSource.encode(m.source, w.uint32(18).fork(), q + 1).ldelim();
            if (m.hostConfig != null && $Object.hasOwnProperty.call(m, "hostConfig"))
                $root.corral.HostConfig.encode(m.hostConfig, w.uint32(26).fork(), q + 1).ldelim();
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        EntrySetupRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.EntrySetupRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        m.entry = $root.corral.ConfigEntry.decode(r, r.size(), $undefined, q + 1, m.entry);
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        m.source = $root.corral.IntegrationSource.decode(r, r.size(), $undefined, q + 1, m.source);
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        m.hostConfig = $root.corral.HostConfig.decode(r, r.size(), $undefined, q + 1, m.hostConfig);
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        EntrySetupRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.EntrySetupRequest";
        };

        return EntrySetupRequest;
    })();

    corral.EntrySetupResult = (function() {

        const EntrySetupResult = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        EntrySetupResult.prototype.loaded = false;
        EntrySetupResult.prototype.reason = "";
        EntrySetupResult.prototype.retry = false;

        EntrySetupResult.create = function(properties) {
            return new EntrySetupResult(properties);
        };

        EntrySetupResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.loaded != null && $Object.hasOwnProperty.call(m, "loaded") && m.loaded !== false)
                w.uint32(8).bool(m.loaded);
            if (m.reason != null && $Object.hasOwnProperty.call(m, "reason") && m.reason !== "")
                w.uint32(18).string(m.reason);
            if (m.retry != null && $Object.hasOwnProperty.call(m, "retry") && m.retry !== false)
                w.uint32(24).bool(m.retry);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        EntrySetupResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.EntrySetupResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.loaded = v;
                        else
                            delete m.loaded;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.reason = v;
                        else
                            delete m.reason;
                        continue;
                    }
                case 3: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.retry = v;
                        else
                            delete m.retry;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        EntrySetupResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.EntrySetupResult";
        };

        return EntrySetupResult;
    })();

    corral.EntryUnloadRequest = (function() {

        const EntryUnloadRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        EntryUnloadRequest.prototype.entryId = "";

        EntryUnloadRequest.create = function(properties) {
            return new EntryUnloadRequest(properties);
        };

        EntryUnloadRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.entryId != null && $Object.hasOwnProperty.call(m, "entryId") && m.entryId !== "")
                w.uint32(10).string(m.entryId);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        EntryUnloadRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.EntryUnloadRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.entryId = v;
                        else
                            delete m.entryId;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        EntryUnloadRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.EntryUnloadRequest";
        };

        return EntryUnloadRequest;
    })();

    corral.EntryUnloadResult = (function() {

        const EntryUnloadResult = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        EntryUnloadResult.prototype.unloaded = false;

        EntryUnloadResult.create = function(properties) {
            return new EntryUnloadResult(properties);
        };

        EntryUnloadResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.unloaded != null && $Object.hasOwnProperty.call(m, "unloaded") && m.unloaded !== false)
                w.uint32(8).bool(m.unloaded);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        EntryUnloadResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.EntryUnloadResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.unloaded = v;
                        else
                            delete m.unloaded;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        EntryUnloadResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.EntryUnloadResult";
        };

        return EntryUnloadResult;
    })();

    corral.EntryUpdateRequest = (function() {

        const EntryUpdateRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        EntryUpdateRequest.prototype.entry = null;

        EntryUpdateRequest.create = function(properties) {
            return new EntryUpdateRequest(properties);
        };

        EntryUpdateRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.entry != null && $Object.hasOwnProperty.call(m, "entry"))
                $root.corral.ConfigEntry.encode(m.entry, w.uint32(10).fork(), q + 1).ldelim();
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        EntryUpdateRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.EntryUpdateRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        m.entry = $root.corral.ConfigEntry.decode(r, r.size(), $undefined, q + 1, m.entry);
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        EntryUpdateRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.EntryUpdateRequest";
        };

        return EntryUpdateRequest;
    })();

    corral.FlowInitRequest = (function() {

        const FlowInitRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        FlowInitRequest.prototype.flowId = "";
        FlowInitRequest.prototype.domain = "";
        FlowInitRequest.prototype.flowKind = "";
        FlowInitRequest.prototype.source = "";
        FlowInitRequest.prototype.context = $util.newBuffer([]);
        FlowInitRequest.prototype.data = $util.newBuffer([]);
        FlowInitRequest.prototype.entry = null;
        FlowInitRequest.prototype.integration = null;
        FlowInitRequest.prototype.hostConfig = null;

        FlowInitRequest.create = function(properties) {
            return new FlowInitRequest(properties);
        };

        FlowInitRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.flowId != null && $Object.hasOwnProperty.call(m, "flowId") && m.flowId !== "")
                w.uint32(10).string(m.flowId);
            if (m.domain != null && $Object.hasOwnProperty.call(m, "domain") && m.domain !== "")
                w.uint32(18).string(m.domain);
            if (m.flowKind != null && $Object.hasOwnProperty.call(m, "flowKind") && m.flowKind !== "")
                w.uint32(26).string(m.flowKind);
            if (m.source != null && $Object.hasOwnProperty.call(m, "source") && m.source !== "")
                w.uint32(34).string(m.source);
            if (m.context != null && $Object.hasOwnProperty.call(m, "context") && m.context.length)
                w.uint32(42).bytes(m.context);
            if (m.data != null && $Object.hasOwnProperty.call(m, "data") && m.data.length)
                w.uint32(50).bytes(m.data);
            if (m.entry != null && $Object.hasOwnProperty.call(m, "entry"))
                $root.corral.ConfigEntry.encode(m.entry, w.uint32(58).fork(), q + 1).ldelim();
            if (m.integration != null && $Object.hasOwnProperty.call(m, "integration"))
                $root.corral.IntegrationSource.encode(m.integration, w.uint32(66).fork(), q + 1).ldelim();
            if (m.hostConfig != null && $Object.hasOwnProperty.call(m, "hostConfig"))
                $root.corral.HostConfig.encode(m.hostConfig, w.uint32(74).fork(), q + 1).ldelim();
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        FlowInitRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.FlowInitRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.flowId = v;
                        else
                            delete m.flowId;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.domain = v;
                        else
                            delete m.domain;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.flowKind = v;
                        else
                            delete m.flowKind;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.source = v;
                        else
                            delete m.source;
                        continue;
                    }
                case 5: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.context = v;
                        else
                            delete m.context;
                        continue;
                    }
                case 6: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.data = v;
                        else
                            delete m.data;
                        continue;
                    }
                case 7: {
                        if (u !== 2)
                            break;
                        m.entry = $root.corral.ConfigEntry.decode(r, r.size(), $undefined, q + 1, m.entry);
                        continue;
                    }
                case 8: {
                        if (u !== 2)
                            break;
                        m.integration = $root.corral.IntegrationSource.decode(r, r.size(), $undefined, q + 1, m.integration);
                        continue;
                    }
                case 9: {
                        if (u !== 2)
                            break;
                        m.hostConfig = $root.corral.HostConfig.decode(r, r.size(), $undefined, q + 1, m.hostConfig);
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        FlowInitRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.FlowInitRequest";
        };

        return FlowInitRequest;
    })();

    corral.FlowStepRequest = (function() {

        const FlowStepRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        FlowStepRequest.prototype.flowId = "";
        FlowStepRequest.prototype.stepId = "";
        FlowStepRequest.prototype.userInput = $util.newBuffer([]);

        FlowStepRequest.create = function(properties) {
            return new FlowStepRequest(properties);
        };

        FlowStepRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.flowId != null && $Object.hasOwnProperty.call(m, "flowId") && m.flowId !== "")
                w.uint32(10).string(m.flowId);
            if (m.stepId != null && $Object.hasOwnProperty.call(m, "stepId") && m.stepId !== "")
                w.uint32(18).string(m.stepId);
            if (m.userInput != null && $Object.hasOwnProperty.call(m, "userInput") && m.userInput.length)
                w.uint32(26).bytes(m.userInput);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        FlowStepRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.FlowStepRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.flowId = v;
                        else
                            delete m.flowId;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.stepId = v;
                        else
                            delete m.stepId;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.userInput = v;
                        else
                            delete m.userInput;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        FlowStepRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.FlowStepRequest";
        };

        return FlowStepRequest;
    })();

    corral.FlowAbortRequest = (function() {

        const FlowAbortRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        FlowAbortRequest.prototype.flowId = "";

        FlowAbortRequest.create = function(properties) {
            return new FlowAbortRequest(properties);
        };

        FlowAbortRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.flowId != null && $Object.hasOwnProperty.call(m, "flowId") && m.flowId !== "")
                w.uint32(10).string(m.flowId);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        FlowAbortRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.FlowAbortRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.flowId = v;
                        else
                            delete m.flowId;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        FlowAbortRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.FlowAbortRequest";
        };

        return FlowAbortRequest;
    })();

    corral.MenuOption = (function() {

        const MenuOption = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        MenuOption.prototype.id = "";
        MenuOption.prototype.label = "";

        MenuOption.create = function(properties) {
            return new MenuOption(properties);
        };

        MenuOption.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.id != null && $Object.hasOwnProperty.call(m, "id") && m.id !== "")
                w.uint32(10).string(m.id);
            if (m.label != null && $Object.hasOwnProperty.call(m, "label") && m.label !== "")
                w.uint32(18).string(m.label);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        MenuOption.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.MenuOption();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.id = v;
                        else
                            delete m.id;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.label = v;
                        else
                            delete m.label;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        MenuOption.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.MenuOption";
        };

        return MenuOption;
    })();

    corral.FlowResult = (function() {

        const FlowResult = function (p) {
            this.menuOptions = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        FlowResult.prototype.type = "";
        FlowResult.prototype.flowId = "";
        FlowResult.prototype.stepId = "";
        FlowResult.prototype.errors = $util.newBuffer([]);
        FlowResult.prototype.descriptionPlaceholders = $util.newBuffer([]);
        FlowResult.prototype.schema = $util.newBuffer([]);
        FlowResult.prototype.lastStep = null;
        FlowResult.prototype.menuOptions = $util.emptyArray;
        FlowResult.prototype.sortMenu = false;
        FlowResult.prototype.title = "";
        FlowResult.prototype.data = $util.newBuffer([]);
        FlowResult.prototype.options = $util.newBuffer([]);
        FlowResult.prototype.version = 0;
        FlowResult.prototype.minorVersion = 0;
        FlowResult.prototype.uniqueId = null;
        FlowResult.prototype.reason = "";
        FlowResult.prototype.subentries = $util.newBuffer([]);

        let $oneOfFields;

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(FlowResult.prototype, "_lastStep", {
            get: $util.oneOfGetter($oneOfFields = ["lastStep"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(FlowResult.prototype, "_uniqueId", {
            get: $util.oneOfGetter($oneOfFields = ["uniqueId"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        FlowResult.create = function(properties) {
            return new FlowResult(properties);
        };

        FlowResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.type != null && $Object.hasOwnProperty.call(m, "type") && m.type !== "")
                w.uint32(10).string(m.type);
            if (m.flowId != null && $Object.hasOwnProperty.call(m, "flowId") && m.flowId !== "")
                w.uint32(18).string(m.flowId);
            if (m.stepId != null && $Object.hasOwnProperty.call(m, "stepId") && m.stepId !== "")
                w.uint32(26).string(m.stepId);
            if (m.errors != null && $Object.hasOwnProperty.call(m, "errors") && m.errors.length)
                w.uint32(34).bytes(m.errors);
            if (m.descriptionPlaceholders != null && $Object.hasOwnProperty.call(m, "descriptionPlaceholders") && m.descriptionPlaceholders.length)
                w.uint32(42).bytes(m.descriptionPlaceholders);
            if (m.schema != null && $Object.hasOwnProperty.call(m, "schema") && m.schema.length)
                w.uint32(50).bytes(m.schema);
            if (m.lastStep != null && $Object.hasOwnProperty.call(m, "lastStep"))
                w.uint32(56).bool(m.lastStep);
            if (m.menuOptions != null && m.menuOptions.length) {
                for (var i = 0; i < m.menuOptions.length; ++i)
                    $root.corral.MenuOption.encode(m.menuOptions[i], w.uint32(66).fork(), q + 1).ldelim();
            }
            if (m.sortMenu != null && $Object.hasOwnProperty.call(m, "sortMenu") && m.sortMenu !== false)
                w.uint32(72).bool(m.sortMenu);
            if (m.title != null && $Object.hasOwnProperty.call(m, "title") && m.title !== "")
                w.uint32(82).string(m.title);
            if (m.data != null && $Object.hasOwnProperty.call(m, "data") && m.data.length)
                w.uint32(90).bytes(m.data);
            if (m.options != null && $Object.hasOwnProperty.call(m, "options") && m.options.length)
                w.uint32(98).bytes(m.options);
            if (m.version != null && $Object.hasOwnProperty.call(m, "version") && m.version !== 0)
                w.uint32(104).uint32(m.version);
            if (m.minorVersion != null && $Object.hasOwnProperty.call(m, "minorVersion") && m.minorVersion !== 0)
                w.uint32(112).uint32(m.minorVersion);
            if (m.uniqueId != null && $Object.hasOwnProperty.call(m, "uniqueId"))
                w.uint32(122).string(m.uniqueId);
            if (m.reason != null && $Object.hasOwnProperty.call(m, "reason") && m.reason !== "")
                w.uint32(130).string(m.reason);
            if (m.subentries != null && $Object.hasOwnProperty.call(m, "subentries") && m.subentries.length)
                w.uint32(138).bytes(m.subentries);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        FlowResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.FlowResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.type = v;
                        else
                            delete m.type;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.flowId = v;
                        else
                            delete m.flowId;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.stepId = v;
                        else
                            delete m.stepId;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.errors = v;
                        else
                            delete m.errors;
                        continue;
                    }
                case 5: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.descriptionPlaceholders = v;
                        else
                            delete m.descriptionPlaceholders;
                        continue;
                    }
                case 6: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.schema = v;
                        else
                            delete m.schema;
                        continue;
                    }
                case 7: {
                        if (u !== 0)
                            break;
                        m.lastStep = r.bool();
                        m._lastStep = "lastStep";
                        continue;
                    }
                case 8: {
                        if (u !== 2)
                            break;
                        if (!(m.menuOptions && m.menuOptions.length))
                            m.menuOptions = [];
                        m.menuOptions.push($root.corral.MenuOption.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                case 9: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.sortMenu = v;
                        else
                            delete m.sortMenu;
                        continue;
                    }
                case 10: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.title = v;
                        else
                            delete m.title;
                        continue;
                    }
                case 11: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.data = v;
                        else
                            delete m.data;
                        continue;
                    }
                case 12: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.options = v;
                        else
                            delete m.options;
                        continue;
                    }
                case 13: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.version = v;
                        else
                            delete m.version;
                        continue;
                    }
                case 14: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.minorVersion = v;
                        else
                            delete m.minorVersion;
                        continue;
                    }
                case 15: {
                        if (u !== 2)
                            break;
                        m.uniqueId = r.stringVerify();
                        m._uniqueId = "uniqueId";
                        continue;
                    }
                case 16: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.reason = v;
                        else
                            delete m.reason;
                        continue;
                    }
                case 17: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.subentries = v;
                        else
                            delete m.subentries;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        FlowResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.FlowResult";
        };

        return FlowResult;
    })();

    corral.Pair = (function() {

        const Pair = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        Pair.prototype.a = "";
        Pair.prototype.b = "";

        Pair.create = function(properties) {
            return new Pair(properties);
        };

        Pair.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.a != null && $Object.hasOwnProperty.call(m, "a") && m.a !== "")
                w.uint32(10).string(m.a);
            if (m.b != null && $Object.hasOwnProperty.call(m, "b") && m.b !== "")
                w.uint32(18).string(m.b);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        Pair.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.Pair();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.a = v;
                        else
                            delete m.a;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.b = v;
                        else
                            delete m.b;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        Pair.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.Pair";
        };

        return Pair;
    })();

    corral.DeviceInfo = (function() {

        const DeviceInfo = function (p) {
            this.identifiers = [];
            this.connections = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        DeviceInfo.prototype.identifiers = $util.emptyArray;
        DeviceInfo.prototype.connections = $util.emptyArray;
        DeviceInfo.prototype.name = "";
        DeviceInfo.prototype.manufacturer = "";
        DeviceInfo.prototype.model = "";
        DeviceInfo.prototype.modelId = "";
        DeviceInfo.prototype.swVersion = "";
        DeviceInfo.prototype.hwVersion = "";
        DeviceInfo.prototype.serialNumber = "";
        DeviceInfo.prototype.viaDevice = null;
        DeviceInfo.prototype.suggestedArea = "";
        DeviceInfo.prototype.configurationUrl = "";

        let $oneOfFields;

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(DeviceInfo.prototype, "_viaDevice", {
            get: $util.oneOfGetter($oneOfFields = ["viaDevice"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        DeviceInfo.create = function(properties) {
            return new DeviceInfo(properties);
        };

        DeviceInfo.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.identifiers != null && m.identifiers.length) {
                for (var i = 0; i < m.identifiers.length; ++i)
                    $root.corral.Pair.encode(m.identifiers[i], w.uint32(10).fork(), q + 1).ldelim();
            }
            if (m.connections != null && m.connections.length) {
                for (var i = 0; i < m.connections.length; ++i)
                    $root.corral.Pair.encode(m.connections[i], w.uint32(18).fork(), q + 1).ldelim();
            }
            if (m.name != null && $Object.hasOwnProperty.call(m, "name") && m.name !== "")
                w.uint32(26).string(m.name);
            if (m.manufacturer != null && $Object.hasOwnProperty.call(m, "manufacturer") && m.manufacturer !== "")
                w.uint32(34).string(m.manufacturer);
            if (m.model != null && $Object.hasOwnProperty.call(m, "model") && m.model !== "")
                w.uint32(42).string(m.model);
            if (m.modelId != null && $Object.hasOwnProperty.call(m, "modelId") && m.modelId !== "")
                w.uint32(50).string(m.modelId);
            if (m.swVersion != null && $Object.hasOwnProperty.call(m, "swVersion") && m.swVersion !== "")
                w.uint32(58).string(m.swVersion);
            if (m.hwVersion != null && $Object.hasOwnProperty.call(m, "hwVersion") && m.hwVersion !== "")
                w.uint32(66).string(m.hwVersion);
            if (m.serialNumber != null && $Object.hasOwnProperty.call(m, "serialNumber") && m.serialNumber !== "")
                w.uint32(74).string(m.serialNumber);
            if (m.viaDevice != null && $Object.hasOwnProperty.call(m, "viaDevice"))
                $root.corral.Pair.encode(m.viaDevice, w.uint32(82).fork(), q + 1).ldelim();
            if (m.suggestedArea != null && $Object.hasOwnProperty.call(m, "suggestedArea") && m.suggestedArea !== "")
                w.uint32(90).string(m.suggestedArea);
            if (m.configurationUrl != null && $Object.hasOwnProperty.call(m, "configurationUrl") && m.configurationUrl !== "")
                w.uint32(98).string(m.configurationUrl);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        DeviceInfo.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.DeviceInfo();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if (!(m.identifiers && m.identifiers.length))
                            m.identifiers = [];
                        m.identifiers.push($root.corral.Pair.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if (!(m.connections && m.connections.length))
                            m.connections = [];
                        m.connections.push($root.corral.Pair.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.name = v;
                        else
                            delete m.name;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.manufacturer = v;
                        else
                            delete m.manufacturer;
                        continue;
                    }
                case 5: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.model = v;
                        else
                            delete m.model;
                        continue;
                    }
                case 6: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.modelId = v;
                        else
                            delete m.modelId;
                        continue;
                    }
                case 7: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.swVersion = v;
                        else
                            delete m.swVersion;
                        continue;
                    }
                case 8: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.hwVersion = v;
                        else
                            delete m.hwVersion;
                        continue;
                    }
                case 9: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.serialNumber = v;
                        else
                            delete m.serialNumber;
                        continue;
                    }
                case 10: {
                        if (u !== 2)
                            break;
                        m.viaDevice = $root.corral.Pair.decode(r, r.size(), $undefined, q + 1, m.viaDevice);
                        m._viaDevice = "viaDevice";
                        continue;
                    }
                case 11: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.suggestedArea = v;
                        else
                            delete m.suggestedArea;
                        continue;
                    }
                case 12: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.configurationUrl = v;
                        else
                            delete m.configurationUrl;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        DeviceInfo.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.DeviceInfo";
        };

        return DeviceInfo;
    })();

    corral.EntityIdentity = (function() {

        const EntityIdentity = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        EntityIdentity.prototype.name = "";
        EntityIdentity.prototype.icon = "";
        EntityIdentity.prototype.entityCategory = "";
        EntityIdentity.prototype.deviceClass = "";
        EntityIdentity.prototype.supportedFeatures = 0;
        EntityIdentity.prototype.translationKey = "";
        EntityIdentity.prototype.deviceInfo = null;
        EntityIdentity.prototype.hasEntityName = false;
        EntityIdentity.prototype.unitOfMeasurement = "";

        EntityIdentity.create = function(properties) {
            return new EntityIdentity(properties);
        };

        EntityIdentity.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.name != null && $Object.hasOwnProperty.call(m, "name") && m.name !== "")
                w.uint32(10).string(m.name);
            if (m.icon != null && $Object.hasOwnProperty.call(m, "icon") && m.icon !== "")
                w.uint32(18).string(m.icon);
            if (m.entityCategory != null && $Object.hasOwnProperty.call(m, "entityCategory") && m.entityCategory !== "")
                w.uint32(26).string(m.entityCategory);
            if (m.deviceClass != null && $Object.hasOwnProperty.call(m, "deviceClass") && m.deviceClass !== "")
                w.uint32(34).string(m.deviceClass);
            if (m.supportedFeatures != null && $Object.hasOwnProperty.call(m, "supportedFeatures") && m.supportedFeatures !== 0)
                w.uint32(40).uint32(m.supportedFeatures);
            if (m.translationKey != null && $Object.hasOwnProperty.call(m, "translationKey") && m.translationKey !== "")
                w.uint32(50).string(m.translationKey);
            if (m.deviceInfo != null && $Object.hasOwnProperty.call(m, "deviceInfo"))
                $root.corral.DeviceInfo.encode(m.deviceInfo, w.uint32(58).fork(), q + 1).ldelim();
            if (m.hasEntityName != null && $Object.hasOwnProperty.call(m, "hasEntityName") && m.hasEntityName !== false)
                w.uint32(64).bool(m.hasEntityName);
            if (m.unitOfMeasurement != null && $Object.hasOwnProperty.call(m, "unitOfMeasurement") && m.unitOfMeasurement !== "")
                w.uint32(74).string(m.unitOfMeasurement);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        EntityIdentity.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.EntityIdentity();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.name = v;
                        else
                            delete m.name;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.icon = v;
                        else
                            delete m.icon;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.entityCategory = v;
                        else
                            delete m.entityCategory;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.deviceClass = v;
                        else
                            delete m.deviceClass;
                        continue;
                    }
                case 5: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.supportedFeatures = v;
                        else
                            delete m.supportedFeatures;
                        continue;
                    }
                case 6: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.translationKey = v;
                        else
                            delete m.translationKey;
                        continue;
                    }
                case 7: {
                        if (u !== 2)
                            break;
                        m.deviceInfo = $root.corral.DeviceInfo.decode(r, r.size(), $undefined, q + 1, m.deviceInfo);
                        continue;
                    }
                case 8: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.hasEntityName = v;
                        else
                            delete m.hasEntityName;
                        continue;
                    }
                case 9: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.unitOfMeasurement = v;
                        else
                            delete m.unitOfMeasurement;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        EntityIdentity.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.EntityIdentity";
        };

        return EntityIdentity;
    })();

    corral.EntityState = (function() {

        const EntityState = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        EntityState.prototype.state = "";
        EntityState.prototype.capabilities = $util.newBuffer([]);
        EntityState.prototype.attributes = $util.newBuffer([]);

        EntityState.create = function(properties) {
            return new EntityState(properties);
        };

        EntityState.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.state != null && $Object.hasOwnProperty.call(m, "state") && m.state !== "")
                w.uint32(10).string(m.state);
            if (m.capabilities != null && $Object.hasOwnProperty.call(m, "capabilities") && m.capabilities.length)
                w.uint32(18).bytes(m.capabilities);
            if (m.attributes != null && $Object.hasOwnProperty.call(m, "attributes") && m.attributes.length)
                w.uint32(26).bytes(m.attributes);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        EntityState.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.EntityState();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.state = v;
                        else
                            delete m.state;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.capabilities = v;
                        else
                            delete m.capabilities;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.attributes = v;
                        else
                            delete m.attributes;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        EntityState.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.EntityState";
        };

        return EntityState;
    })();

    corral.EntityDescription = (function() {

        const EntityDescription = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        EntityDescription.prototype.entryId = "";
        EntityDescription.prototype.domain = "";
        EntityDescription.prototype.sandboxEntityId = "";
        EntityDescription.prototype.uniqueId = "";
        EntityDescription.prototype.identity = null;
        EntityDescription.prototype.initialState = null;
        EntityDescription.prototype.descriptionHash = "";
        EntityDescription.prototype.suggestedObjectId = "";
        EntityDescription.prototype.handle = 0;

        EntityDescription.create = function(properties) {
            return new EntityDescription(properties);
        };

        EntityDescription.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.entryId != null && $Object.hasOwnProperty.call(m, "entryId") && m.entryId !== "")
                w.uint32(10).string(m.entryId);
            if (m.domain != null && $Object.hasOwnProperty.call(m, "domain") && m.domain !== "")
                w.uint32(18).string(m.domain);
            if (m.sandboxEntityId != null && $Object.hasOwnProperty.call(m, "sandboxEntityId") && m.sandboxEntityId !== "")
                w.uint32(26).string(m.sandboxEntityId);
            if (m.uniqueId != null && $Object.hasOwnProperty.call(m, "uniqueId") && m.uniqueId !== "")
                w.uint32(34).string(m.uniqueId);
            if (m.identity != null && $Object.hasOwnProperty.call(m, "identity"))
                $root.corral.EntityIdentity.encode(m.identity, w.uint32(42).fork(), q + 1).ldelim();
            if (m.initialState != null && $Object.hasOwnProperty.call(m, "initialState"))
                $root.corral.EntityState.encode(m.initialState, w.uint32(50).fork(), q + 1).ldelim();
            if (m.descriptionHash != null && $Object.hasOwnProperty.call(m, "descriptionHash") && m.descriptionHash !== "")
                w.uint32(58).string(m.descriptionHash);
            if (m.suggestedObjectId != null && $Object.hasOwnProperty.call(m, "suggestedObjectId") && m.suggestedObjectId !== "")
                w.uint32(66).string(m.suggestedObjectId);
            if (m.handle != null && $Object.hasOwnProperty.call(m, "handle") && m.handle !== 0)
                w.uint32(72).uint32(m.handle);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        EntityDescription.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.EntityDescription();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.entryId = v;
                        else
                            delete m.entryId;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.domain = v;
                        else
                            delete m.domain;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.sandboxEntityId = v;
                        else
                            delete m.sandboxEntityId;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.uniqueId = v;
                        else
                            delete m.uniqueId;
                        continue;
                    }
                case 5: {
                        if (u !== 2)
                            break;
                        m.identity = $root.corral.EntityIdentity.decode(r, r.size(), $undefined, q + 1, m.identity);
                        continue;
                    }
                case 6: {
                        if (u !== 2)
                            break;
                        m.initialState = $root.corral.EntityState.decode(r, r.size(), $undefined, q + 1, m.initialState);
                        continue;
                    }
                case 7: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.descriptionHash = v;
                        else
                            delete m.descriptionHash;
                        continue;
                    }
                case 8: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.suggestedObjectId = v;
                        else
                            delete m.suggestedObjectId;
                        continue;
                    }
                case 9: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.handle = v;
                        else
                            delete m.handle;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        EntityDescription.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.EntityDescription";
        };

        return EntityDescription;
    })();

    corral.RegisterEntityRequest = (function() {

        const RegisterEntityRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        RegisterEntityRequest.prototype.description = null;

        RegisterEntityRequest.create = function(properties) {
            return new RegisterEntityRequest(properties);
        };

        RegisterEntityRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.description != null && $Object.hasOwnProperty.call(m, "description"))
                $root.corral.EntityDescription.encode(m.description, w.uint32(10).fork(), q + 1).ldelim();
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        RegisterEntityRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.RegisterEntityRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        m.description = $root.corral.EntityDescription.decode(r, r.size(), $undefined, q + 1, m.description);
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        RegisterEntityRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.RegisterEntityRequest";
        };

        return RegisterEntityRequest;
    })();

    corral.RegisterEntityResult = (function() {

        const RegisterEntityResult = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        RegisterEntityResult.prototype.entityId = "";

        RegisterEntityResult.create = function(properties) {
            return new RegisterEntityResult(properties);
        };

        RegisterEntityResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.entityId != null && $Object.hasOwnProperty.call(m, "entityId") && m.entityId !== "")
                w.uint32(10).string(m.entityId);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        RegisterEntityResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.RegisterEntityResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.entityId = v;
                        else
                            delete m.entityId;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        RegisterEntityResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.RegisterEntityResult";
        };

        return RegisterEntityResult;
    })();

    corral.RegisterEntitiesRequest = (function() {

        const RegisterEntitiesRequest = function (p) {
            this.descriptions = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        RegisterEntitiesRequest.prototype.descriptions = $util.emptyArray;

        RegisterEntitiesRequest.create = function(properties) {
            return new RegisterEntitiesRequest(properties);
        };

        RegisterEntitiesRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.descriptions != null && m.descriptions.length) {
                for (var i = 0; i < m.descriptions.length; ++i)
                    $root.corral.EntityDescription.encode(m.descriptions[i], w.uint32(10).fork(), q + 1).ldelim();
            }
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        RegisterEntitiesRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.RegisterEntitiesRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if (!(m.descriptions && m.descriptions.length))
                            m.descriptions = [];
                        m.descriptions.push($root.corral.EntityDescription.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        RegisterEntitiesRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.RegisterEntitiesRequest";
        };

        return RegisterEntitiesRequest;
    })();

    corral.RegisterEntitiesResult = (function() {

        const RegisterEntitiesResult = function (p) {
            this.outcomes = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        RegisterEntitiesResult.prototype.outcomes = $util.emptyArray;

        RegisterEntitiesResult.create = function(properties) {
            return new RegisterEntitiesResult(properties);
        };

        RegisterEntitiesResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.outcomes != null && m.outcomes.length) {
                for (var i = 0; i < m.outcomes.length; ++i)
                    $root.corral.RegistrationOutcome.encode(m.outcomes[i], w.uint32(10).fork(), q + 1).ldelim();
            }
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        RegisterEntitiesResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.RegisterEntitiesResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if (!(m.outcomes && m.outcomes.length))
                            m.outcomes = [];
                        m.outcomes.push($root.corral.RegistrationOutcome.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        RegisterEntitiesResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.RegisterEntitiesResult";
        };

        return RegisterEntitiesResult;
    })();

    corral.RegistrationOutcome = (function() {

        const RegistrationOutcome = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        RegistrationOutcome.prototype.entityId = "";
        RegistrationOutcome.prototype.error = null;

        RegistrationOutcome.create = function(properties) {
            return new RegistrationOutcome(properties);
        };

        RegistrationOutcome.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.entityId != null && $Object.hasOwnProperty.call(m, "entityId") && m.entityId !== "")
                w.uint32(10).string(m.entityId);
            if (m.error != null && $Object.hasOwnProperty.call(m, "error"))
                $root.corral.Error.encode(m.error, w.uint32(18).fork(), q + 1).ldelim();
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        RegistrationOutcome.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.RegistrationOutcome();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.entityId = v;
                        else
                            delete m.entityId;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        m.error = $root.corral.Error.decode(r, r.size(), $undefined, q + 1, m.error);
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        RegistrationOutcome.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.RegistrationOutcome";
        };

        return RegistrationOutcome;
    })();

    corral.UnregisterEntityRequest = (function() {

        const UnregisterEntityRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        UnregisterEntityRequest.prototype.sandboxEntityId = "";

        UnregisterEntityRequest.create = function(properties) {
            return new UnregisterEntityRequest(properties);
        };

        UnregisterEntityRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.sandboxEntityId != null && $Object.hasOwnProperty.call(m, "sandboxEntityId") && m.sandboxEntityId !== "")
                w.uint32(10).string(m.sandboxEntityId);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        UnregisterEntityRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.UnregisterEntityRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.sandboxEntityId = v;
                        else
                            delete m.sandboxEntityId;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        UnregisterEntityRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.UnregisterEntityRequest";
        };

        return UnregisterEntityRequest;
    })();

    corral.StateUpdate = (function() {

        const StateUpdate = function (p) {
            this.removedAttributes = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        StateUpdate.prototype.sandboxEntityId = "";
        StateUpdate.prototype.state = "";
        StateUpdate.prototype.attributes = $util.newBuffer([]);
        StateUpdate.prototype.delta = false;
        StateUpdate.prototype.removedAttributes = $util.emptyArray;
        StateUpdate.prototype.contextId = "";
        StateUpdate.prototype.handle = 0;

        StateUpdate.create = function(properties) {
            return new StateUpdate(properties);
        };

        StateUpdate.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.sandboxEntityId != null && $Object.hasOwnProperty.call(m, "sandboxEntityId") && m.sandboxEntityId !== "")
                w.uint32(10).string(m.sandboxEntityId);
            if (m.state != null && $Object.hasOwnProperty.call(m, "state") && m.state !== "")
                w.uint32(18).string(m.state);
            if (m.attributes != null && $Object.hasOwnProperty.call(m, "attributes") && m.attributes.length)
                w.uint32(26).bytes(m.attributes);
            if (m.delta != null && $Object.hasOwnProperty.call(m, "delta") && m.delta !== false)
                w.uint32(32).bool(m.delta);
            if (m.removedAttributes != null && m.removedAttributes.length) {
                for (var i = 0; i < m.removedAttributes.length; ++i)
                    w.uint32(42).string(m.removedAttributes[i]);
            }
            if (m.contextId != null && $Object.hasOwnProperty.call(m, "contextId") && m.contextId !== "")
                w.uint32(50).string(m.contextId);
            if (m.handle != null && $Object.hasOwnProperty.call(m, "handle") && m.handle !== 0)
                w.uint32(56).uint32(m.handle);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        StateUpdate.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.StateUpdate();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.sandboxEntityId = v;
                        else
                            delete m.sandboxEntityId;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.state = v;
                        else
                            delete m.state;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.attributes = v;
                        else
                            delete m.attributes;
                        continue;
                    }
                case 4: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.delta = v;
                        else
                            delete m.delta;
                        continue;
                    }
                case 5: {
                        if (u !== 2)
                            break;
                        if (!(m.removedAttributes && m.removedAttributes.length))
                            m.removedAttributes = [];
                        m.removedAttributes.push(r.stringVerify());
                        continue;
                    }
                case 6: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.contextId = v;
                        else
                            delete m.contextId;
                        continue;
                    }
                case 7: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.handle = v;
                        else
                            delete m.handle;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        StateUpdate.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.StateUpdate";
        };

        return StateUpdate;
    })();

    corral.StateChanged = (function() {

        const StateChanged = function (p) {
            this.updates = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        StateChanged.prototype.updates = $util.emptyArray;
        StateChanged.prototype.contextId = "";

        StateChanged.create = function(properties) {
            return new StateChanged(properties);
        };

        StateChanged.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.updates != null && m.updates.length) {
                for (var i = 0; i < m.updates.length; ++i)
                    $root.corral.StateUpdate.encode(m.updates[i], w.uint32(10).fork(), q + 1).ldelim();
            }
            if (m.contextId != null && $Object.hasOwnProperty.call(m, "contextId") && m.contextId !== "")
                w.uint32(18).string(m.contextId);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        StateChanged.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.StateChanged();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if (!(m.updates && m.updates.length))
                            m.updates = [];
                        m.updates.push($root.corral.StateUpdate.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.contextId = v;
                        else
                            delete m.contextId;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        StateChanged.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.StateChanged";
        };

        return StateChanged;
    })();

    corral.EntityQueryRequest = (function() {

        const EntityQueryRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        EntityQueryRequest.prototype.sandboxEntityId = "";
        EntityQueryRequest.prototype.method = "";
        EntityQueryRequest.prototype.args = $util.newBuffer([]);

        EntityQueryRequest.create = function(properties) {
            return new EntityQueryRequest(properties);
        };

        EntityQueryRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.sandboxEntityId != null && $Object.hasOwnProperty.call(m, "sandboxEntityId") && m.sandboxEntityId !== "")
                w.uint32(10).string(m.sandboxEntityId);
            if (m.method != null && $Object.hasOwnProperty.call(m, "method") && m.method !== "")
                w.uint32(18).string(m.method);
            if (m.args != null && $Object.hasOwnProperty.call(m, "args") && m.args.length)
                w.uint32(26).bytes(m.args);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        EntityQueryRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.EntityQueryRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.sandboxEntityId = v;
                        else
                            delete m.sandboxEntityId;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.method = v;
                        else
                            delete m.method;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.args = v;
                        else
                            delete m.args;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        EntityQueryRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.EntityQueryRequest";
        };

        return EntityQueryRequest;
    })();

    corral.EntityQueryResult = (function() {

        const EntityQueryResult = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        EntityQueryResult.prototype.value = $util.newBuffer([]);

        EntityQueryResult.create = function(properties) {
            return new EntityQueryResult(properties);
        };

        EntityQueryResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.value != null && $Object.hasOwnProperty.call(m, "value") && m.value.length)
                w.uint32(10).bytes(m.value);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        EntityQueryResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.EntityQueryResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.value = v;
                        else
                            delete m.value;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        EntityQueryResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.EntityQueryResult";
        };

        return EntityQueryResult;
    })();

    corral.SupportsResponse = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "NONE"] = 0;
        values[valuesById[1] = "OPTIONAL"] = 1;
        values[valuesById[2] = "ONLY"] = 2;
        return values;
    })();

    corral.RegisterServiceRequest = (function() {

        const RegisterServiceRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        RegisterServiceRequest.prototype.domain = "";
        RegisterServiceRequest.prototype.service = "";
        RegisterServiceRequest.prototype.supportsResponse = 0;
        RegisterServiceRequest.prototype.schema = $util.newBuffer([]);

        RegisterServiceRequest.create = function(properties) {
            return new RegisterServiceRequest(properties);
        };

        RegisterServiceRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.domain != null && $Object.hasOwnProperty.call(m, "domain") && m.domain !== "")
                w.uint32(10).string(m.domain);
            if (m.service != null && $Object.hasOwnProperty.call(m, "service") && m.service !== "")
                w.uint32(18).string(m.service);
            if (m.supportsResponse != null && $Object.hasOwnProperty.call(m, "supportsResponse") && m.supportsResponse !== 0)
                w.uint32(24).int32(m.supportsResponse);
            if (m.schema != null && $Object.hasOwnProperty.call(m, "schema") && m.schema.length)
                w.uint32(34).bytes(m.schema);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        RegisterServiceRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.RegisterServiceRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.domain = v;
                        else
                            delete m.domain;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.service = v;
                        else
                            delete m.service;
                        continue;
                    }
                case 3: {
                        if (u !== 0)
                            break;
                        if (v = r.int32())
                            m.supportsResponse = v;
                        else
                            delete m.supportsResponse;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.schema = v;
                        else
                            delete m.schema;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        RegisterServiceRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.RegisterServiceRequest";
        };

        return RegisterServiceRequest;
    })();

    corral.UnregisterServiceRequest = (function() {

        const UnregisterServiceRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        UnregisterServiceRequest.prototype.domain = "";
        UnregisterServiceRequest.prototype.service = "";

        UnregisterServiceRequest.create = function(properties) {
            return new UnregisterServiceRequest(properties);
        };

        UnregisterServiceRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.domain != null && $Object.hasOwnProperty.call(m, "domain") && m.domain !== "")
                w.uint32(10).string(m.domain);
            if (m.service != null && $Object.hasOwnProperty.call(m, "service") && m.service !== "")
                w.uint32(18).string(m.service);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        UnregisterServiceRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.UnregisterServiceRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.domain = v;
                        else
                            delete m.domain;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.service = v;
                        else
                            delete m.service;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        UnregisterServiceRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.UnregisterServiceRequest";
        };

        return UnregisterServiceRequest;
    })();

    corral.CallServiceRequest = (function() {

        const CallServiceRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        CallServiceRequest.prototype.domain = "";
        CallServiceRequest.prototype.service = "";
        CallServiceRequest.prototype.target = $util.newBuffer([]);
        CallServiceRequest.prototype.data = $util.newBuffer([]);
        CallServiceRequest.prototype.returnResponse = false;
        CallServiceRequest.prototype.contextId = "";

        CallServiceRequest.create = function(properties) {
            return new CallServiceRequest(properties);
        };

        CallServiceRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.domain != null && $Object.hasOwnProperty.call(m, "domain") && m.domain !== "")
                w.uint32(10).string(m.domain);
            if (m.service != null && $Object.hasOwnProperty.call(m, "service") && m.service !== "")
                w.uint32(18).string(m.service);
            if (m.target != null && $Object.hasOwnProperty.call(m, "target") && m.target.length)
                w.uint32(26).bytes(m.target);
            if (m.data != null && $Object.hasOwnProperty.call(m, "data") && m.data.length)
                w.uint32(34).bytes(m.data);
            if (m.returnResponse != null && $Object.hasOwnProperty.call(m, "returnResponse") && m.returnResponse !== false)
                w.uint32(40).bool(m.returnResponse);
            if (m.contextId != null && $Object.hasOwnProperty.call(m, "contextId") && m.contextId !== "")
                w.uint32(50).string(m.contextId);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        CallServiceRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.CallServiceRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.domain = v;
                        else
                            delete m.domain;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.service = v;
                        else
                            delete m.service;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.target = v;
                        else
                            delete m.target;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.data = v;
                        else
                            delete m.data;
                        continue;
                    }
                case 5: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.returnResponse = v;
                        else
                            delete m.returnResponse;
                        continue;
                    }
                case 6: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.contextId = v;
                        else
                            delete m.contextId;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        CallServiceRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.CallServiceRequest";
        };

        return CallServiceRequest;
    })();

    corral.CallServiceResult = (function() {

        const CallServiceResult = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        CallServiceResult.prototype.response = $util.newBuffer([]);

        CallServiceResult.create = function(properties) {
            return new CallServiceResult(properties);
        };

        CallServiceResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.response != null && $Object.hasOwnProperty.call(m, "response") && m.response.length)
                w.uint32(10).bytes(m.response);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        CallServiceResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.CallServiceResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.response = v;
                        else
                            delete m.response;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        CallServiceResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.CallServiceResult";
        };

        return CallServiceResult;
    })();

    corral.FireEvent = (function() {

        const FireEvent = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        FireEvent.prototype.eventType = "";
        FireEvent.prototype.data = $util.newBuffer([]);
        FireEvent.prototype.contextId = "";

        FireEvent.create = function(properties) {
            return new FireEvent(properties);
        };

        FireEvent.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.eventType != null && $Object.hasOwnProperty.call(m, "eventType") && m.eventType !== "")
                w.uint32(10).string(m.eventType);
            if (m.data != null && $Object.hasOwnProperty.call(m, "data") && m.data.length)
                w.uint32(18).bytes(m.data);
            if (m.contextId != null && $Object.hasOwnProperty.call(m, "contextId") && m.contextId !== "")
                w.uint32(26).string(m.contextId);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        FireEvent.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.FireEvent();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.eventType = v;
                        else
                            delete m.eventType;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.data = v;
                        else
                            delete m.data;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.contextId = v;
                        else
                            delete m.contextId;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        FireEvent.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.FireEvent";
        };

        return FireEvent;
    })();

    corral.StoreLoadRequest = (function() {

        const StoreLoadRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        StoreLoadRequest.prototype.key = "";

        StoreLoadRequest.create = function(properties) {
            return new StoreLoadRequest(properties);
        };

        StoreLoadRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.key != null && $Object.hasOwnProperty.call(m, "key") && m.key !== "")
                w.uint32(10).string(m.key);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        StoreLoadRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.StoreLoadRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.key = v;
                        else
                            delete m.key;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        StoreLoadRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.StoreLoadRequest";
        };

        return StoreLoadRequest;
    })();

    corral.StoreLoadResult = (function() {

        const StoreLoadResult = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        StoreLoadResult.prototype.found = false;
        StoreLoadResult.prototype.version = 0;
        StoreLoadResult.prototype.minorVersion = 0;
        StoreLoadResult.prototype.data = $util.newBuffer([]);

        StoreLoadResult.create = function(properties) {
            return new StoreLoadResult(properties);
        };

        StoreLoadResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.found != null && $Object.hasOwnProperty.call(m, "found") && m.found !== false)
                w.uint32(8).bool(m.found);
            if (m.version != null && $Object.hasOwnProperty.call(m, "version") && m.version !== 0)
                w.uint32(16).uint32(m.version);
            if (m.minorVersion != null && $Object.hasOwnProperty.call(m, "minorVersion") && m.minorVersion !== 0)
                w.uint32(24).uint32(m.minorVersion);
            if (m.data != null && $Object.hasOwnProperty.call(m, "data") && m.data.length)
                w.uint32(34).bytes(m.data);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        StoreLoadResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.StoreLoadResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.found = v;
                        else
                            delete m.found;
                        continue;
                    }
                case 2: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.version = v;
                        else
                            delete m.version;
                        continue;
                    }
                case 3: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.minorVersion = v;
                        else
                            delete m.minorVersion;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.data = v;
                        else
                            delete m.data;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        StoreLoadResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.StoreLoadResult";
        };

        return StoreLoadResult;
    })();

    corral.StoreSaveRequest = (function() {

        const StoreSaveRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        StoreSaveRequest.prototype.key = "";
        StoreSaveRequest.prototype.version = 0;
        StoreSaveRequest.prototype.minorVersion = 0;
        StoreSaveRequest.prototype.data = $util.newBuffer([]);

        StoreSaveRequest.create = function(properties) {
            return new StoreSaveRequest(properties);
        };

        StoreSaveRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.key != null && $Object.hasOwnProperty.call(m, "key") && m.key !== "")
                w.uint32(10).string(m.key);
            if (m.version != null && $Object.hasOwnProperty.call(m, "version") && m.version !== 0)
                w.uint32(16).uint32(m.version);
            if (m.minorVersion != null && $Object.hasOwnProperty.call(m, "minorVersion") && m.minorVersion !== 0)
                w.uint32(24).uint32(m.minorVersion);
            if (m.data != null && $Object.hasOwnProperty.call(m, "data") && m.data.length)
                w.uint32(34).bytes(m.data);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        StoreSaveRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.StoreSaveRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.key = v;
                        else
                            delete m.key;
                        continue;
                    }
                case 2: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.version = v;
                        else
                            delete m.version;
                        continue;
                    }
                case 3: {
                        if (u !== 0)
                            break;
                        if (v = r.uint32())
                            m.minorVersion = v;
                        else
                            delete m.minorVersion;
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.data = v;
                        else
                            delete m.data;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        StoreSaveRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.StoreSaveRequest";
        };

        return StoreSaveRequest;
    })();

    corral.StoreRemoveRequest = (function() {

        const StoreRemoveRequest = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        StoreRemoveRequest.prototype.key = "";

        StoreRemoveRequest.create = function(properties) {
            return new StoreRemoveRequest(properties);
        };

        StoreRemoveRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.key != null && $Object.hasOwnProperty.call(m, "key") && m.key !== "")
                w.uint32(10).string(m.key);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        StoreRemoveRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.StoreRemoveRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.key = v;
                        else
                            delete m.key;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        StoreRemoveRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.StoreRemoveRequest";
        };

        return StoreRemoveRequest;
    })();

    corral.GetTranslationsRequest = (function() {

        const GetTranslationsRequest = function (p) {
            this.domains = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        GetTranslationsRequest.prototype.language = "";
        GetTranslationsRequest.prototype.category = "";
        GetTranslationsRequest.prototype.domains = $util.emptyArray;

        GetTranslationsRequest.create = function(properties) {
            return new GetTranslationsRequest(properties);
        };

        GetTranslationsRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.language != null && $Object.hasOwnProperty.call(m, "language") && m.language !== "")
                w.uint32(10).string(m.language);
            if (m.category != null && $Object.hasOwnProperty.call(m, "category") && m.category !== "")
                w.uint32(18).string(m.category);
            if (m.domains != null && m.domains.length) {
                for (var i = 0; i < m.domains.length; ++i)
                    w.uint32(26).string(m.domains[i]);
            }
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        GetTranslationsRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.GetTranslationsRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.language = v;
                        else
                            delete m.language;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.category = v;
                        else
                            delete m.category;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if (!(m.domains && m.domains.length))
                            m.domains = [];
                        m.domains.push(r.stringVerify());
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        GetTranslationsRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.GetTranslationsRequest";
        };

        return GetTranslationsRequest;
    })();

    corral.GetTranslationsResult = (function() {

        const GetTranslationsResult = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        GetTranslationsResult.prototype.strings = $util.newBuffer([]);

        GetTranslationsResult.create = function(properties) {
            return new GetTranslationsResult(properties);
        };

        GetTranslationsResult.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.strings != null && $Object.hasOwnProperty.call(m, "strings") && m.strings.length)
                w.uint32(10).bytes(m.strings);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        GetTranslationsResult.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.corral.GetTranslationsResult();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.strings = v;
                        else
                            delete m.strings;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        GetTranslationsResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/corral.GetTranslationsResult";
        };

        return GetTranslationsResult;
    })();

    return corral;
})();

export {
  $root as default
};
