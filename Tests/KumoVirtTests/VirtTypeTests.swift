import Testing

@testable import KumoVirt

@Suite("virt_type resolution")
struct VirtTypeTests {
    static let pvm = KVMFacts(kvmDeviceOpens: true, cpuFlags: ["sse2", "cx16"], kvmModules: ["kvm", "kvm_pvm"])

    static func probeNotExpected() -> KVMFacts {
        Issue.record("the host was probed")
        return pvm
    }

    @Test("kvm and qemu are taken as set, without probing")
    func fixed() throws {
        for type in VirtType.allCases {
            let choice = try VirtType.resolve(setting: type.rawValue, facts: Self.probeNotExpected())
            #expect(choice.virtType == type)
            #expect(choice.reason.contains("configuration"))
        }
    }

    @Test("auto picks kvm with VT-x or SVM and a usable /dev/kvm")
    func autoKVM() throws {
        for flag in ["vmx", "svm"] {
            let facts = KVMFacts(kvmDeviceOpens: true, cpuFlags: ["fpu", flag], kvmModules: ["kvm", "kvm_intel"])
            let choice = try VirtType.resolve(setting: "auto", facts: facts)
            #expect(choice.virtType == .kvm)
            #expect(choice.reason.contains(flag))
        }
    }

    @Test("auto picks qemu on PVM KVM without VT-x/SVM, and says why")
    func autoPVM() throws {
        let choice = try VirtType.resolve(setting: "auto", facts: Self.pvm)
        #expect(choice.virtType == .qemu)
        #expect(choice.reason == "auto: /dev/kvm is PVM without VT-x/SVM, Linux guests cannot run under kvm")
    }

    @Test("auto picks qemu when /dev/kvm does not open, whatever the CPU")
    func autoNoDevice() throws {
        let facts = KVMFacts(kvmDeviceOpens: false, cpuFlags: ["vmx"], kvmModules: [])
        let choice = try VirtType.resolve(setting: "auto", facts: facts)
        #expect(choice.virtType == .qemu)
        #expect(choice.reason.contains("/dev/kvm cannot be opened"))
    }

    @Test("an unknown setting is refused")
    func unknown() {
        #expect(throws: VirtError.self) { try VirtType.resolve(setting: "xen", facts: Self.pvm) }
    }

    @Test("CPU flags are read from the flags line of /proc/cpuinfo")
    func cpuinfo() {
        let text = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme vmx sse2\nbugs\t\t: spectre_v1\n"
        #expect(KVMFacts.cpuFlags(cpuinfo: text) == ["fpu", "vme", "vmx", "sse2"])
        #expect(KVMFacts.cpuFlags(cpuinfo: "") == [])
    }
}
