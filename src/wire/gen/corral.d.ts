import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace corral {

    interface IFrame extends corral.Frame.$Properties {
    }

    class Frame {
        constructor(p?: corral.Frame.$Properties);
        $unknowns?: Uint8Array[];
        id: number;
        type: string;
        request?: (Uint8Array|null);
        response?: (corral.Response.$Properties|null);
        body?: ("request"|"response");
        static create(properties: corral.Frame.$Shape): corral.Frame & corral.Frame.$Shape;
        static create(properties?: corral.Frame.$Properties): corral.Frame;
        static encode(m: corral.Frame.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.Frame & corral.Frame.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace Frame {
        interface $Properties {
            id?: (number|null);
            type?: (string|null);
            request?: (Uint8Array|null);
            response?: (corral.Response.$Properties|null);
            body?: ("request"|"response");
            $unknowns?: Uint8Array[];
        }
        type $Shape = {
          id?: number|null;
          type?: string|null;
          request?: Uint8Array|null;
          response?: corral.Response.$Shape|null;
          $unknowns?: Uint8Array[];
        } & (
          ({ body?: undefined; request?: null; response?: null }|{ body?: "request"; request: Uint8Array; response?: null }|{ body?: "response"; request?: null; response: corral.Response.$Shape })
        );
    }

    interface IResponse extends corral.Response.$Properties {
    }

    class Response {
        constructor(p?: corral.Response.$Properties);
        $unknowns?: Uint8Array[];
        ok: boolean;
        result: Uint8Array;
        error?: (corral.Error.$Properties|null);
        static create(properties: corral.Response.$Shape): corral.Response & corral.Response.$Shape;
        static create(properties?: corral.Response.$Properties): corral.Response;
        static encode(m: corral.Response.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.Response & corral.Response.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace Response {
        interface $Properties {
            ok?: (boolean|null);
            result?: (Uint8Array|null);
            error?: (corral.Error.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.Response.$Properties;
    }

    interface IError extends corral.Error.$Properties {
    }

    class Error {
        constructor(p?: corral.Error.$Properties);
        $unknowns?: Uint8Array[];
        message: string;
        type: string;
        invalid: corral.Invalid.$Properties[];
        static create(properties: corral.Error.$Shape): corral.Error & corral.Error.$Shape;
        static create(properties?: corral.Error.$Properties): corral.Error;
        static encode(m: corral.Error.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.Error & corral.Error.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace Error {
        interface $Properties {
            message?: (string|null);
            type?: (string|null);
            invalid?: (corral.Invalid.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.Error.$Properties;
    }

    interface IInvalid extends corral.Invalid.$Properties {
    }

    class Invalid {
        constructor(p?: corral.Invalid.$Properties);
        $unknowns?: Uint8Array[];
        message: string;
        path: string[];
        static create(properties: corral.Invalid.$Shape): corral.Invalid & corral.Invalid.$Shape;
        static create(properties?: corral.Invalid.$Properties): corral.Invalid;
        static encode(m: corral.Invalid.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.Invalid & corral.Invalid.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace Invalid {
        interface $Properties {
            message?: (string|null);
            path?: (string[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.Invalid.$Properties;
    }

    interface IEmpty extends corral.Empty.$Properties {
    }

    class Empty {
        constructor(p?: corral.Empty.$Properties);
        $unknowns?: Uint8Array[];
        static create(properties: corral.Empty.$Shape): corral.Empty & corral.Empty.$Shape;
        static create(properties?: corral.Empty.$Properties): corral.Empty;
        static encode(m: corral.Empty.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.Empty & corral.Empty.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace Empty {
        interface $Properties {
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.Empty.$Properties;
    }

    interface IReady extends corral.Ready.$Properties {
    }

    class Ready {
        constructor(p?: corral.Ready.$Properties);
        $unknowns?: Uint8Array[];
        protocolVersion: number;
        group: string;
        pid: number;
        runtimeVersion: string;
        static create(properties: corral.Ready.$Shape): corral.Ready & corral.Ready.$Shape;
        static create(properties?: corral.Ready.$Properties): corral.Ready;
        static encode(m: corral.Ready.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.Ready & corral.Ready.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace Ready {
        interface $Properties {
            protocolVersion?: (number|null);
            group?: (string|null);
            pid?: (number|null);
            runtimeVersion?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.Ready.$Properties;
    }

    interface IPingRequest extends corral.PingRequest.$Properties {
    }

    class PingRequest {
        constructor(p?: corral.PingRequest.$Properties);
        $unknowns?: Uint8Array[];
        sentAtMs: (number|Long);
        static create(properties: corral.PingRequest.$Shape): corral.PingRequest & corral.PingRequest.$Shape;
        static create(properties?: corral.PingRequest.$Properties): corral.PingRequest;
        static encode(m: corral.PingRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.PingRequest & corral.PingRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace PingRequest {
        interface $Properties {
            sentAtMs?: (number|Long|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.PingRequest.$Properties;
    }

    interface IPingResult extends corral.PingResult.$Properties {
    }

    class PingResult {
        constructor(p?: corral.PingResult.$Properties);
        $unknowns?: Uint8Array[];
        rssBytes: (number|Long);
        heapUsedBytes: (number|Long);
        uptimeMs: number;
        static create(properties: corral.PingResult.$Shape): corral.PingResult & corral.PingResult.$Shape;
        static create(properties?: corral.PingResult.$Properties): corral.PingResult;
        static encode(m: corral.PingResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.PingResult & corral.PingResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace PingResult {
        interface $Properties {
            rssBytes?: (number|Long|null);
            heapUsedBytes?: (number|Long|null);
            uptimeMs?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.PingResult.$Properties;
    }

    interface IShutdownRequest extends corral.ShutdownRequest.$Properties {
    }

    class ShutdownRequest {
        constructor(p?: corral.ShutdownRequest.$Properties);
        $unknowns?: Uint8Array[];
        reason: string;
        static create(properties: corral.ShutdownRequest.$Shape): corral.ShutdownRequest & corral.ShutdownRequest.$Shape;
        static create(properties?: corral.ShutdownRequest.$Properties): corral.ShutdownRequest;
        static encode(m: corral.ShutdownRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.ShutdownRequest & corral.ShutdownRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ShutdownRequest {
        interface $Properties {
            reason?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.ShutdownRequest.$Properties;
    }

    interface IShutdownResult extends corral.ShutdownResult.$Properties {
    }

    class ShutdownResult {
        constructor(p?: corral.ShutdownResult.$Properties);
        $unknowns?: Uint8Array[];
        restoreState: Uint8Array;
        static create(properties: corral.ShutdownResult.$Shape): corral.ShutdownResult & corral.ShutdownResult.$Shape;
        static create(properties?: corral.ShutdownResult.$Properties): corral.ShutdownResult;
        static encode(m: corral.ShutdownResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.ShutdownResult & corral.ShutdownResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ShutdownResult {
        interface $Properties {
            restoreState?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.ShutdownResult.$Properties;
    }

    interface IConfigSubentry extends corral.ConfigSubentry.$Properties {
    }

    class ConfigSubentry {
        constructor(p?: corral.ConfigSubentry.$Properties);
        $unknowns?: Uint8Array[];
        subentryId: string;
        subentryType: string;
        title: string;
        uniqueId?: (string|null);
        data: Uint8Array;
        static create(properties: corral.ConfigSubentry.$Shape): corral.ConfigSubentry & corral.ConfigSubentry.$Shape;
        static create(properties?: corral.ConfigSubentry.$Properties): corral.ConfigSubentry;
        static encode(m: corral.ConfigSubentry.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.ConfigSubentry & corral.ConfigSubentry.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ConfigSubentry {
        interface $Properties {
            subentryId?: (string|null);
            subentryType?: (string|null);
            title?: (string|null);
            uniqueId?: (string|null);
            data?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.ConfigSubentry.$Properties;
    }

    interface IConfigEntry extends corral.ConfigEntry.$Properties {
    }

    class ConfigEntry {
        constructor(p?: corral.ConfigEntry.$Properties);
        $unknowns?: Uint8Array[];
        entryId: string;
        domain: string;
        title: string;
        data: Uint8Array;
        options: Uint8Array;
        version: number;
        minorVersion: number;
        source: string;
        uniqueId?: (string|null);
        prefDisableNewEntities: boolean;
        prefDisablePolling: boolean;
        subentries: corral.ConfigSubentry.$Properties[];
        static create(properties: corral.ConfigEntry.$Shape): corral.ConfigEntry & corral.ConfigEntry.$Shape;
        static create(properties?: corral.ConfigEntry.$Properties): corral.ConfigEntry;
        static encode(m: corral.ConfigEntry.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.ConfigEntry & corral.ConfigEntry.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ConfigEntry {
        interface $Properties {
            entryId?: (string|null);
            domain?: (string|null);
            title?: (string|null);
            data?: (Uint8Array|null);
            options?: (Uint8Array|null);
            version?: (number|null);
            minorVersion?: (number|null);
            source?: (string|null);
            uniqueId?: (string|null);
            prefDisableNewEntities?: (boolean|null);
            prefDisablePolling?: (boolean|null);
            subentries?: (corral.ConfigSubentry.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.ConfigEntry.$Properties;
    }

    interface IIntegrationSource extends corral.IntegrationSource.$Properties {
    }

    class IntegrationSource {
        constructor(p?: corral.IntegrationSource.$Properties);
        $unknowns?: Uint8Array[];
        kind: corral.IntegrationSource.Kind;
        domain: string;
        path: string;
        integrity: string;
        static create(properties: corral.IntegrationSource.$Shape): corral.IntegrationSource & corral.IntegrationSource.$Shape;
        static create(properties?: corral.IntegrationSource.$Properties): corral.IntegrationSource;
        static encode(m: corral.IntegrationSource.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.IntegrationSource & corral.IntegrationSource.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace IntegrationSource {
        interface $Properties {
            kind?: (corral.IntegrationSource.Kind|null);
            domain?: (string|null);
            path?: (string|null);
            integrity?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.IntegrationSource.$Properties;

        enum Kind {
            BUILT_IN = 0,
            DIRECTORY = 1,
            TARBALL = 2
        }
    }

    interface IHostConfig extends corral.HostConfig.$Properties {
    }

    class HostConfig {
        constructor(p?: corral.HostConfig.$Properties);
        $unknowns?: Uint8Array[];
        latitude: number;
        longitude: number;
        elevation: number;
        timeZone: string;
        unitSystem: string;
        language: string;
        country: string;
        currency: string;
        locationName: string;
        static create(properties: corral.HostConfig.$Shape): corral.HostConfig & corral.HostConfig.$Shape;
        static create(properties?: corral.HostConfig.$Properties): corral.HostConfig;
        static encode(m: corral.HostConfig.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.HostConfig & corral.HostConfig.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace HostConfig {
        interface $Properties {
            latitude?: (number|null);
            longitude?: (number|null);
            elevation?: (number|null);
            timeZone?: (string|null);
            unitSystem?: (string|null);
            language?: (string|null);
            country?: (string|null);
            currency?: (string|null);
            locationName?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.HostConfig.$Properties;
    }

    interface IEntrySetupRequest extends corral.EntrySetupRequest.$Properties {
    }

    class EntrySetupRequest {
        constructor(p?: corral.EntrySetupRequest.$Properties);
        $unknowns?: Uint8Array[];
        entry?: (corral.ConfigEntry.$Properties|null);
        source?: (corral.IntegrationSource.$Properties|null);
        hostConfig?: (corral.HostConfig.$Properties|null);
        static create(properties: corral.EntrySetupRequest.$Shape): corral.EntrySetupRequest & corral.EntrySetupRequest.$Shape;
        static create(properties?: corral.EntrySetupRequest.$Properties): corral.EntrySetupRequest;
        static encode(m: corral.EntrySetupRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.EntrySetupRequest & corral.EntrySetupRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace EntrySetupRequest {
        interface $Properties {
            entry?: (corral.ConfigEntry.$Properties|null);
            source?: (corral.IntegrationSource.$Properties|null);
            hostConfig?: (corral.HostConfig.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.EntrySetupRequest.$Properties;
    }

    interface IEntrySetupResult extends corral.EntrySetupResult.$Properties {
    }

    class EntrySetupResult {
        constructor(p?: corral.EntrySetupResult.$Properties);
        $unknowns?: Uint8Array[];
        loaded: boolean;
        reason: string;
        retry: boolean;
        static create(properties: corral.EntrySetupResult.$Shape): corral.EntrySetupResult & corral.EntrySetupResult.$Shape;
        static create(properties?: corral.EntrySetupResult.$Properties): corral.EntrySetupResult;
        static encode(m: corral.EntrySetupResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.EntrySetupResult & corral.EntrySetupResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace EntrySetupResult {
        interface $Properties {
            loaded?: (boolean|null);
            reason?: (string|null);
            retry?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.EntrySetupResult.$Properties;
    }

    interface IEntryUnloadRequest extends corral.EntryUnloadRequest.$Properties {
    }

    class EntryUnloadRequest {
        constructor(p?: corral.EntryUnloadRequest.$Properties);
        $unknowns?: Uint8Array[];
        entryId: string;
        static create(properties: corral.EntryUnloadRequest.$Shape): corral.EntryUnloadRequest & corral.EntryUnloadRequest.$Shape;
        static create(properties?: corral.EntryUnloadRequest.$Properties): corral.EntryUnloadRequest;
        static encode(m: corral.EntryUnloadRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.EntryUnloadRequest & corral.EntryUnloadRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace EntryUnloadRequest {
        interface $Properties {
            entryId?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.EntryUnloadRequest.$Properties;
    }

    interface IEntryUnloadResult extends corral.EntryUnloadResult.$Properties {
    }

    class EntryUnloadResult {
        constructor(p?: corral.EntryUnloadResult.$Properties);
        $unknowns?: Uint8Array[];
        unloaded: boolean;
        static create(properties: corral.EntryUnloadResult.$Shape): corral.EntryUnloadResult & corral.EntryUnloadResult.$Shape;
        static create(properties?: corral.EntryUnloadResult.$Properties): corral.EntryUnloadResult;
        static encode(m: corral.EntryUnloadResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.EntryUnloadResult & corral.EntryUnloadResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace EntryUnloadResult {
        interface $Properties {
            unloaded?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.EntryUnloadResult.$Properties;
    }

    interface IEntryUpdateRequest extends corral.EntryUpdateRequest.$Properties {
    }

    class EntryUpdateRequest {
        constructor(p?: corral.EntryUpdateRequest.$Properties);
        $unknowns?: Uint8Array[];
        entry?: (corral.ConfigEntry.$Properties|null);
        static create(properties: corral.EntryUpdateRequest.$Shape): corral.EntryUpdateRequest & corral.EntryUpdateRequest.$Shape;
        static create(properties?: corral.EntryUpdateRequest.$Properties): corral.EntryUpdateRequest;
        static encode(m: corral.EntryUpdateRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.EntryUpdateRequest & corral.EntryUpdateRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace EntryUpdateRequest {
        interface $Properties {
            entry?: (corral.ConfigEntry.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.EntryUpdateRequest.$Properties;
    }

    interface IFlowInitRequest extends corral.FlowInitRequest.$Properties {
    }

    class FlowInitRequest {
        constructor(p?: corral.FlowInitRequest.$Properties);
        $unknowns?: Uint8Array[];
        flowId: string;
        domain: string;
        flowKind: string;
        source: string;
        context: Uint8Array;
        data: Uint8Array;
        entry?: (corral.ConfigEntry.$Properties|null);
        integration?: (corral.IntegrationSource.$Properties|null);
        hostConfig?: (corral.HostConfig.$Properties|null);
        static create(properties: corral.FlowInitRequest.$Shape): corral.FlowInitRequest & corral.FlowInitRequest.$Shape;
        static create(properties?: corral.FlowInitRequest.$Properties): corral.FlowInitRequest;
        static encode(m: corral.FlowInitRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.FlowInitRequest & corral.FlowInitRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace FlowInitRequest {
        interface $Properties {
            flowId?: (string|null);
            domain?: (string|null);
            flowKind?: (string|null);
            source?: (string|null);
            context?: (Uint8Array|null);
            data?: (Uint8Array|null);
            entry?: (corral.ConfigEntry.$Properties|null);
            integration?: (corral.IntegrationSource.$Properties|null);
            hostConfig?: (corral.HostConfig.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.FlowInitRequest.$Properties;
    }

    interface IFlowStepRequest extends corral.FlowStepRequest.$Properties {
    }

    class FlowStepRequest {
        constructor(p?: corral.FlowStepRequest.$Properties);
        $unknowns?: Uint8Array[];
        flowId: string;
        stepId: string;
        userInput: Uint8Array;
        static create(properties: corral.FlowStepRequest.$Shape): corral.FlowStepRequest & corral.FlowStepRequest.$Shape;
        static create(properties?: corral.FlowStepRequest.$Properties): corral.FlowStepRequest;
        static encode(m: corral.FlowStepRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.FlowStepRequest & corral.FlowStepRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace FlowStepRequest {
        interface $Properties {
            flowId?: (string|null);
            stepId?: (string|null);
            userInput?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.FlowStepRequest.$Properties;
    }

    interface IFlowAbortRequest extends corral.FlowAbortRequest.$Properties {
    }

    class FlowAbortRequest {
        constructor(p?: corral.FlowAbortRequest.$Properties);
        $unknowns?: Uint8Array[];
        flowId: string;
        static create(properties: corral.FlowAbortRequest.$Shape): corral.FlowAbortRequest & corral.FlowAbortRequest.$Shape;
        static create(properties?: corral.FlowAbortRequest.$Properties): corral.FlowAbortRequest;
        static encode(m: corral.FlowAbortRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.FlowAbortRequest & corral.FlowAbortRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace FlowAbortRequest {
        interface $Properties {
            flowId?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.FlowAbortRequest.$Properties;
    }

    interface IMenuOption extends corral.MenuOption.$Properties {
    }

    class MenuOption {
        constructor(p?: corral.MenuOption.$Properties);
        $unknowns?: Uint8Array[];
        id: string;
        label: string;
        static create(properties: corral.MenuOption.$Shape): corral.MenuOption & corral.MenuOption.$Shape;
        static create(properties?: corral.MenuOption.$Properties): corral.MenuOption;
        static encode(m: corral.MenuOption.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.MenuOption & corral.MenuOption.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace MenuOption {
        interface $Properties {
            id?: (string|null);
            label?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.MenuOption.$Properties;
    }

    interface IFlowResult extends corral.FlowResult.$Properties {
    }

    class FlowResult {
        constructor(p?: corral.FlowResult.$Properties);
        $unknowns?: Uint8Array[];
        type: string;
        flowId: string;
        stepId: string;
        errors: Uint8Array;
        descriptionPlaceholders: Uint8Array;
        schema: Uint8Array;
        lastStep?: (boolean|null);
        menuOptions: corral.MenuOption.$Properties[];
        sortMenu: boolean;
        title: string;
        data: Uint8Array;
        options: Uint8Array;
        version: number;
        minorVersion: number;
        uniqueId?: (string|null);
        reason: string;
        subentries: Uint8Array;
        static create(properties: corral.FlowResult.$Shape): corral.FlowResult & corral.FlowResult.$Shape;
        static create(properties?: corral.FlowResult.$Properties): corral.FlowResult;
        static encode(m: corral.FlowResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.FlowResult & corral.FlowResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace FlowResult {
        interface $Properties {
            type?: (string|null);
            flowId?: (string|null);
            stepId?: (string|null);
            errors?: (Uint8Array|null);
            descriptionPlaceholders?: (Uint8Array|null);
            schema?: (Uint8Array|null);
            lastStep?: (boolean|null);
            menuOptions?: (corral.MenuOption.$Properties[]|null);
            sortMenu?: (boolean|null);
            title?: (string|null);
            data?: (Uint8Array|null);
            options?: (Uint8Array|null);
            version?: (number|null);
            minorVersion?: (number|null);
            uniqueId?: (string|null);
            reason?: (string|null);
            subentries?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.FlowResult.$Properties;
    }

    interface IPair extends corral.Pair.$Properties {
    }

    class Pair {
        constructor(p?: corral.Pair.$Properties);
        $unknowns?: Uint8Array[];
        a: string;
        b: string;
        static create(properties: corral.Pair.$Shape): corral.Pair & corral.Pair.$Shape;
        static create(properties?: corral.Pair.$Properties): corral.Pair;
        static encode(m: corral.Pair.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.Pair & corral.Pair.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace Pair {
        interface $Properties {
            a?: (string|null);
            b?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.Pair.$Properties;
    }

    interface IDeviceInfo extends corral.DeviceInfo.$Properties {
    }

    class DeviceInfo {
        constructor(p?: corral.DeviceInfo.$Properties);
        $unknowns?: Uint8Array[];
        identifiers: corral.Pair.$Properties[];
        connections: corral.Pair.$Properties[];
        name: string;
        manufacturer: string;
        model: string;
        modelId: string;
        swVersion: string;
        hwVersion: string;
        serialNumber: string;
        viaDevice?: (corral.Pair.$Properties|null);
        suggestedArea: string;
        configurationUrl: string;
        static create(properties: corral.DeviceInfo.$Shape): corral.DeviceInfo & corral.DeviceInfo.$Shape;
        static create(properties?: corral.DeviceInfo.$Properties): corral.DeviceInfo;
        static encode(m: corral.DeviceInfo.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.DeviceInfo & corral.DeviceInfo.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace DeviceInfo {
        interface $Properties {
            identifiers?: (corral.Pair.$Properties[]|null);
            connections?: (corral.Pair.$Properties[]|null);
            name?: (string|null);
            manufacturer?: (string|null);
            model?: (string|null);
            modelId?: (string|null);
            swVersion?: (string|null);
            hwVersion?: (string|null);
            serialNumber?: (string|null);
            viaDevice?: (corral.Pair.$Properties|null);
            suggestedArea?: (string|null);
            configurationUrl?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.DeviceInfo.$Properties;
    }

    interface IEntityIdentity extends corral.EntityIdentity.$Properties {
    }

    class EntityIdentity {
        constructor(p?: corral.EntityIdentity.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        icon: string;
        entityCategory: string;
        deviceClass: string;
        supportedFeatures: number;
        translationKey: string;
        deviceInfo?: (corral.DeviceInfo.$Properties|null);
        hasEntityName: boolean;
        unitOfMeasurement: string;
        static create(properties: corral.EntityIdentity.$Shape): corral.EntityIdentity & corral.EntityIdentity.$Shape;
        static create(properties?: corral.EntityIdentity.$Properties): corral.EntityIdentity;
        static encode(m: corral.EntityIdentity.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.EntityIdentity & corral.EntityIdentity.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace EntityIdentity {
        interface $Properties {
            name?: (string|null);
            icon?: (string|null);
            entityCategory?: (string|null);
            deviceClass?: (string|null);
            supportedFeatures?: (number|null);
            translationKey?: (string|null);
            deviceInfo?: (corral.DeviceInfo.$Properties|null);
            hasEntityName?: (boolean|null);
            unitOfMeasurement?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.EntityIdentity.$Properties;
    }

    interface IEntityState extends corral.EntityState.$Properties {
    }

    class EntityState {
        constructor(p?: corral.EntityState.$Properties);
        $unknowns?: Uint8Array[];
        state: string;
        capabilities: Uint8Array;
        attributes: Uint8Array;
        static create(properties: corral.EntityState.$Shape): corral.EntityState & corral.EntityState.$Shape;
        static create(properties?: corral.EntityState.$Properties): corral.EntityState;
        static encode(m: corral.EntityState.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.EntityState & corral.EntityState.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace EntityState {
        interface $Properties {
            state?: (string|null);
            capabilities?: (Uint8Array|null);
            attributes?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.EntityState.$Properties;
    }

    interface IEntityDescription extends corral.EntityDescription.$Properties {
    }

    class EntityDescription {
        constructor(p?: corral.EntityDescription.$Properties);
        $unknowns?: Uint8Array[];
        entryId: string;
        domain: string;
        sandboxEntityId: string;
        uniqueId: string;
        identity?: (corral.EntityIdentity.$Properties|null);
        initialState?: (corral.EntityState.$Properties|null);
        descriptionHash: string;
        suggestedObjectId: string;
        handle: number;
        static create(properties: corral.EntityDescription.$Shape): corral.EntityDescription & corral.EntityDescription.$Shape;
        static create(properties?: corral.EntityDescription.$Properties): corral.EntityDescription;
        static encode(m: corral.EntityDescription.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.EntityDescription & corral.EntityDescription.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace EntityDescription {
        interface $Properties {
            entryId?: (string|null);
            domain?: (string|null);
            sandboxEntityId?: (string|null);
            uniqueId?: (string|null);
            identity?: (corral.EntityIdentity.$Properties|null);
            initialState?: (corral.EntityState.$Properties|null);
            descriptionHash?: (string|null);
            suggestedObjectId?: (string|null);
            handle?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.EntityDescription.$Properties;
    }

    interface IRegisterEntityRequest extends corral.RegisterEntityRequest.$Properties {
    }

    class RegisterEntityRequest {
        constructor(p?: corral.RegisterEntityRequest.$Properties);
        $unknowns?: Uint8Array[];
        description?: (corral.EntityDescription.$Properties|null);
        static create(properties: corral.RegisterEntityRequest.$Shape): corral.RegisterEntityRequest & corral.RegisterEntityRequest.$Shape;
        static create(properties?: corral.RegisterEntityRequest.$Properties): corral.RegisterEntityRequest;
        static encode(m: corral.RegisterEntityRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.RegisterEntityRequest & corral.RegisterEntityRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace RegisterEntityRequest {
        interface $Properties {
            description?: (corral.EntityDescription.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.RegisterEntityRequest.$Properties;
    }

    interface IRegisterEntityResult extends corral.RegisterEntityResult.$Properties {
    }

    class RegisterEntityResult {
        constructor(p?: corral.RegisterEntityResult.$Properties);
        $unknowns?: Uint8Array[];
        entityId: string;
        static create(properties: corral.RegisterEntityResult.$Shape): corral.RegisterEntityResult & corral.RegisterEntityResult.$Shape;
        static create(properties?: corral.RegisterEntityResult.$Properties): corral.RegisterEntityResult;
        static encode(m: corral.RegisterEntityResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.RegisterEntityResult & corral.RegisterEntityResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace RegisterEntityResult {
        interface $Properties {
            entityId?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.RegisterEntityResult.$Properties;
    }

    interface IRegisterEntitiesRequest extends corral.RegisterEntitiesRequest.$Properties {
    }

    class RegisterEntitiesRequest {
        constructor(p?: corral.RegisterEntitiesRequest.$Properties);
        $unknowns?: Uint8Array[];
        descriptions: corral.EntityDescription.$Properties[];
        static create(properties: corral.RegisterEntitiesRequest.$Shape): corral.RegisterEntitiesRequest & corral.RegisterEntitiesRequest.$Shape;
        static create(properties?: corral.RegisterEntitiesRequest.$Properties): corral.RegisterEntitiesRequest;
        static encode(m: corral.RegisterEntitiesRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.RegisterEntitiesRequest & corral.RegisterEntitiesRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace RegisterEntitiesRequest {
        interface $Properties {
            descriptions?: (corral.EntityDescription.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.RegisterEntitiesRequest.$Properties;
    }

    interface IRegisterEntitiesResult extends corral.RegisterEntitiesResult.$Properties {
    }

    class RegisterEntitiesResult {
        constructor(p?: corral.RegisterEntitiesResult.$Properties);
        $unknowns?: Uint8Array[];
        outcomes: corral.RegistrationOutcome.$Properties[];
        static create(properties: corral.RegisterEntitiesResult.$Shape): corral.RegisterEntitiesResult & corral.RegisterEntitiesResult.$Shape;
        static create(properties?: corral.RegisterEntitiesResult.$Properties): corral.RegisterEntitiesResult;
        static encode(m: corral.RegisterEntitiesResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.RegisterEntitiesResult & corral.RegisterEntitiesResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace RegisterEntitiesResult {
        interface $Properties {
            outcomes?: (corral.RegistrationOutcome.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.RegisterEntitiesResult.$Properties;
    }

    interface IRegistrationOutcome extends corral.RegistrationOutcome.$Properties {
    }

    class RegistrationOutcome {
        constructor(p?: corral.RegistrationOutcome.$Properties);
        $unknowns?: Uint8Array[];
        entityId: string;
        error?: (corral.Error.$Properties|null);
        static create(properties: corral.RegistrationOutcome.$Shape): corral.RegistrationOutcome & corral.RegistrationOutcome.$Shape;
        static create(properties?: corral.RegistrationOutcome.$Properties): corral.RegistrationOutcome;
        static encode(m: corral.RegistrationOutcome.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.RegistrationOutcome & corral.RegistrationOutcome.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace RegistrationOutcome {
        interface $Properties {
            entityId?: (string|null);
            error?: (corral.Error.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.RegistrationOutcome.$Properties;
    }

    interface IUnregisterEntityRequest extends corral.UnregisterEntityRequest.$Properties {
    }

    class UnregisterEntityRequest {
        constructor(p?: corral.UnregisterEntityRequest.$Properties);
        $unknowns?: Uint8Array[];
        sandboxEntityId: string;
        static create(properties: corral.UnregisterEntityRequest.$Shape): corral.UnregisterEntityRequest & corral.UnregisterEntityRequest.$Shape;
        static create(properties?: corral.UnregisterEntityRequest.$Properties): corral.UnregisterEntityRequest;
        static encode(m: corral.UnregisterEntityRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.UnregisterEntityRequest & corral.UnregisterEntityRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace UnregisterEntityRequest {
        interface $Properties {
            sandboxEntityId?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.UnregisterEntityRequest.$Properties;
    }

    interface IStateUpdate extends corral.StateUpdate.$Properties {
    }

    class StateUpdate {
        constructor(p?: corral.StateUpdate.$Properties);
        $unknowns?: Uint8Array[];
        sandboxEntityId: string;
        state: string;
        attributes: Uint8Array;
        delta: boolean;
        removedAttributes: string[];
        contextId: string;
        handle: number;
        static create(properties: corral.StateUpdate.$Shape): corral.StateUpdate & corral.StateUpdate.$Shape;
        static create(properties?: corral.StateUpdate.$Properties): corral.StateUpdate;
        static encode(m: corral.StateUpdate.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.StateUpdate & corral.StateUpdate.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace StateUpdate {
        interface $Properties {
            sandboxEntityId?: (string|null);
            state?: (string|null);
            attributes?: (Uint8Array|null);
            delta?: (boolean|null);
            removedAttributes?: (string[]|null);
            contextId?: (string|null);
            handle?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.StateUpdate.$Properties;
    }

    interface IStateChanged extends corral.StateChanged.$Properties {
    }

    class StateChanged {
        constructor(p?: corral.StateChanged.$Properties);
        $unknowns?: Uint8Array[];
        updates: corral.StateUpdate.$Properties[];
        contextId: string;
        static create(properties: corral.StateChanged.$Shape): corral.StateChanged & corral.StateChanged.$Shape;
        static create(properties?: corral.StateChanged.$Properties): corral.StateChanged;
        static encode(m: corral.StateChanged.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.StateChanged & corral.StateChanged.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace StateChanged {
        interface $Properties {
            updates?: (corral.StateUpdate.$Properties[]|null);
            contextId?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.StateChanged.$Properties;
    }

    interface IEntityQueryRequest extends corral.EntityQueryRequest.$Properties {
    }

    class EntityQueryRequest {
        constructor(p?: corral.EntityQueryRequest.$Properties);
        $unknowns?: Uint8Array[];
        sandboxEntityId: string;
        method: string;
        args: Uint8Array;
        static create(properties: corral.EntityQueryRequest.$Shape): corral.EntityQueryRequest & corral.EntityQueryRequest.$Shape;
        static create(properties?: corral.EntityQueryRequest.$Properties): corral.EntityQueryRequest;
        static encode(m: corral.EntityQueryRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.EntityQueryRequest & corral.EntityQueryRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace EntityQueryRequest {
        interface $Properties {
            sandboxEntityId?: (string|null);
            method?: (string|null);
            args?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.EntityQueryRequest.$Properties;
    }

    interface IEntityQueryResult extends corral.EntityQueryResult.$Properties {
    }

    class EntityQueryResult {
        constructor(p?: corral.EntityQueryResult.$Properties);
        $unknowns?: Uint8Array[];
        value: Uint8Array;
        static create(properties: corral.EntityQueryResult.$Shape): corral.EntityQueryResult & corral.EntityQueryResult.$Shape;
        static create(properties?: corral.EntityQueryResult.$Properties): corral.EntityQueryResult;
        static encode(m: corral.EntityQueryResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.EntityQueryResult & corral.EntityQueryResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace EntityQueryResult {
        interface $Properties {
            value?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.EntityQueryResult.$Properties;
    }

    enum SupportsResponse {
        NONE = 0,
        OPTIONAL = 1,
        ONLY = 2
    }

    interface IRegisterServiceRequest extends corral.RegisterServiceRequest.$Properties {
    }

    class RegisterServiceRequest {
        constructor(p?: corral.RegisterServiceRequest.$Properties);
        $unknowns?: Uint8Array[];
        domain: string;
        service: string;
        supportsResponse: corral.SupportsResponse;
        schema: Uint8Array;
        static create(properties: corral.RegisterServiceRequest.$Shape): corral.RegisterServiceRequest & corral.RegisterServiceRequest.$Shape;
        static create(properties?: corral.RegisterServiceRequest.$Properties): corral.RegisterServiceRequest;
        static encode(m: corral.RegisterServiceRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.RegisterServiceRequest & corral.RegisterServiceRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace RegisterServiceRequest {
        interface $Properties {
            domain?: (string|null);
            service?: (string|null);
            supportsResponse?: (corral.SupportsResponse|null);
            schema?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.RegisterServiceRequest.$Properties;
    }

    interface IUnregisterServiceRequest extends corral.UnregisterServiceRequest.$Properties {
    }

    class UnregisterServiceRequest {
        constructor(p?: corral.UnregisterServiceRequest.$Properties);
        $unknowns?: Uint8Array[];
        domain: string;
        service: string;
        static create(properties: corral.UnregisterServiceRequest.$Shape): corral.UnregisterServiceRequest & corral.UnregisterServiceRequest.$Shape;
        static create(properties?: corral.UnregisterServiceRequest.$Properties): corral.UnregisterServiceRequest;
        static encode(m: corral.UnregisterServiceRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.UnregisterServiceRequest & corral.UnregisterServiceRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace UnregisterServiceRequest {
        interface $Properties {
            domain?: (string|null);
            service?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.UnregisterServiceRequest.$Properties;
    }

    interface ICallServiceRequest extends corral.CallServiceRequest.$Properties {
    }

    class CallServiceRequest {
        constructor(p?: corral.CallServiceRequest.$Properties);
        $unknowns?: Uint8Array[];
        domain: string;
        service: string;
        target: Uint8Array;
        data: Uint8Array;
        returnResponse: boolean;
        contextId: string;
        static create(properties: corral.CallServiceRequest.$Shape): corral.CallServiceRequest & corral.CallServiceRequest.$Shape;
        static create(properties?: corral.CallServiceRequest.$Properties): corral.CallServiceRequest;
        static encode(m: corral.CallServiceRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.CallServiceRequest & corral.CallServiceRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace CallServiceRequest {
        interface $Properties {
            domain?: (string|null);
            service?: (string|null);
            target?: (Uint8Array|null);
            data?: (Uint8Array|null);
            returnResponse?: (boolean|null);
            contextId?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.CallServiceRequest.$Properties;
    }

    interface ICallServiceResult extends corral.CallServiceResult.$Properties {
    }

    class CallServiceResult {
        constructor(p?: corral.CallServiceResult.$Properties);
        $unknowns?: Uint8Array[];
        response: Uint8Array;
        static create(properties: corral.CallServiceResult.$Shape): corral.CallServiceResult & corral.CallServiceResult.$Shape;
        static create(properties?: corral.CallServiceResult.$Properties): corral.CallServiceResult;
        static encode(m: corral.CallServiceResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.CallServiceResult & corral.CallServiceResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace CallServiceResult {
        interface $Properties {
            response?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.CallServiceResult.$Properties;
    }

    interface IFireEvent extends corral.FireEvent.$Properties {
    }

    class FireEvent {
        constructor(p?: corral.FireEvent.$Properties);
        $unknowns?: Uint8Array[];
        eventType: string;
        data: Uint8Array;
        contextId: string;
        static create(properties: corral.FireEvent.$Shape): corral.FireEvent & corral.FireEvent.$Shape;
        static create(properties?: corral.FireEvent.$Properties): corral.FireEvent;
        static encode(m: corral.FireEvent.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.FireEvent & corral.FireEvent.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace FireEvent {
        interface $Properties {
            eventType?: (string|null);
            data?: (Uint8Array|null);
            contextId?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.FireEvent.$Properties;
    }

    interface IStoreLoadRequest extends corral.StoreLoadRequest.$Properties {
    }

    class StoreLoadRequest {
        constructor(p?: corral.StoreLoadRequest.$Properties);
        $unknowns?: Uint8Array[];
        key: string;
        static create(properties: corral.StoreLoadRequest.$Shape): corral.StoreLoadRequest & corral.StoreLoadRequest.$Shape;
        static create(properties?: corral.StoreLoadRequest.$Properties): corral.StoreLoadRequest;
        static encode(m: corral.StoreLoadRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.StoreLoadRequest & corral.StoreLoadRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace StoreLoadRequest {
        interface $Properties {
            key?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.StoreLoadRequest.$Properties;
    }

    interface IStoreLoadResult extends corral.StoreLoadResult.$Properties {
    }

    class StoreLoadResult {
        constructor(p?: corral.StoreLoadResult.$Properties);
        $unknowns?: Uint8Array[];
        found: boolean;
        version: number;
        minorVersion: number;
        data: Uint8Array;
        static create(properties: corral.StoreLoadResult.$Shape): corral.StoreLoadResult & corral.StoreLoadResult.$Shape;
        static create(properties?: corral.StoreLoadResult.$Properties): corral.StoreLoadResult;
        static encode(m: corral.StoreLoadResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.StoreLoadResult & corral.StoreLoadResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace StoreLoadResult {
        interface $Properties {
            found?: (boolean|null);
            version?: (number|null);
            minorVersion?: (number|null);
            data?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.StoreLoadResult.$Properties;
    }

    interface IStoreSaveRequest extends corral.StoreSaveRequest.$Properties {
    }

    class StoreSaveRequest {
        constructor(p?: corral.StoreSaveRequest.$Properties);
        $unknowns?: Uint8Array[];
        key: string;
        version: number;
        minorVersion: number;
        data: Uint8Array;
        static create(properties: corral.StoreSaveRequest.$Shape): corral.StoreSaveRequest & corral.StoreSaveRequest.$Shape;
        static create(properties?: corral.StoreSaveRequest.$Properties): corral.StoreSaveRequest;
        static encode(m: corral.StoreSaveRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.StoreSaveRequest & corral.StoreSaveRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace StoreSaveRequest {
        interface $Properties {
            key?: (string|null);
            version?: (number|null);
            minorVersion?: (number|null);
            data?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.StoreSaveRequest.$Properties;
    }

    interface IStoreRemoveRequest extends corral.StoreRemoveRequest.$Properties {
    }

    class StoreRemoveRequest {
        constructor(p?: corral.StoreRemoveRequest.$Properties);
        $unknowns?: Uint8Array[];
        key: string;
        static create(properties: corral.StoreRemoveRequest.$Shape): corral.StoreRemoveRequest & corral.StoreRemoveRequest.$Shape;
        static create(properties?: corral.StoreRemoveRequest.$Properties): corral.StoreRemoveRequest;
        static encode(m: corral.StoreRemoveRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.StoreRemoveRequest & corral.StoreRemoveRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace StoreRemoveRequest {
        interface $Properties {
            key?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.StoreRemoveRequest.$Properties;
    }

    interface IGetTranslationsRequest extends corral.GetTranslationsRequest.$Properties {
    }

    class GetTranslationsRequest {
        constructor(p?: corral.GetTranslationsRequest.$Properties);
        $unknowns?: Uint8Array[];
        language: string;
        category: string;
        domains: string[];
        static create(properties: corral.GetTranslationsRequest.$Shape): corral.GetTranslationsRequest & corral.GetTranslationsRequest.$Shape;
        static create(properties?: corral.GetTranslationsRequest.$Properties): corral.GetTranslationsRequest;
        static encode(m: corral.GetTranslationsRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.GetTranslationsRequest & corral.GetTranslationsRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetTranslationsRequest {
        interface $Properties {
            language?: (string|null);
            category?: (string|null);
            domains?: (string[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.GetTranslationsRequest.$Properties;
    }

    interface IGetTranslationsResult extends corral.GetTranslationsResult.$Properties {
    }

    class GetTranslationsResult {
        constructor(p?: corral.GetTranslationsResult.$Properties);
        $unknowns?: Uint8Array[];
        strings: Uint8Array;
        static create(properties: corral.GetTranslationsResult.$Shape): corral.GetTranslationsResult & corral.GetTranslationsResult.$Shape;
        static create(properties?: corral.GetTranslationsResult.$Properties): corral.GetTranslationsResult;
        static encode(m: corral.GetTranslationsResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): corral.GetTranslationsResult & corral.GetTranslationsResult.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetTranslationsResult {
        interface $Properties {
            strings?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = corral.GetTranslationsResult.$Properties;
    }
}
