// An annotated function is charged what its annotation says, and its body
// is not also followed (docs/annotations.md). summary_wrap's functions
// are annotated (NETWORK, or nothing) while their bodies run asm!: the
// callers here get the annotations only, never ARBITRARY_EXECUTION. What
// the generics call back into is still followed: a closure called in
// place, a closure boxed behind a vtable, the caller's impl of the crate's
// own trait, and, for std's annotated generics, a closure given to
// CommandExt::pre_exec and the caller's ToSocketAddrs.
// CAPGATE_PACKAGE names the annotated crate's package, as cargo capgate's
// wrapper does: without it the crate's own functions are not summarised.
// RUN: rm -rf %t && mkdir -p %t
// RUN: env CAPGATE_PACKAGE=summary-wrap CAPGATE_EXTRA_ANNOTATIONS=%S/Inputs/summary-wrap.toml %rustc-O0 --crate-type=rlib --crate-name=summary_wrap --emit=link,llvm-ir -o %t/libsummary_wrap.rlib %S/Inputs/summary_wrap.rs
// RUN: %dump-facts %t/libsummary_wrap.rlib | FileCheck --check-prefix=WRAP %s
// RUN: FileCheck --check-prefix=WRAP-TAGS %s < %t/libsummary_wrap.ll
// RUN: env CAPGATE_EXTRA_ANNOTATIONS=%S/Inputs/summary-wrap.toml %rustc-O0 --crate-type=rlib --crate-name=caller --extern summary_wrap=%t/libsummary_wrap.rlib --emit=link,llvm-ir -o %t/libcaller.rlib %s
// RUN: FileCheck %s < %t/libcaller.ll
// RUN: %dump-facts %t/libcaller.rlib > %t/caller.facts
// RUN: FileCheck --check-prefix=FACTS %s < %t/caller.facts
// RUN: not grep ARBITRARY_EXECUTION %t/caller.facts %t/libcaller.ll
// RUN: env CAPGATE_EXTRA_ANNOTATIONS=%S/Inputs/summary-wrap.toml %rustc-O3 --crate-type=rlib --crate-name=caller --extern summary_wrap=%t/libsummary_wrap.rlib --emit=llvm-ir -o %t/caller.O3.ll %s
// RUN: FileCheck %s < %t/caller.O3.ll

// In its own crate, window_size is its annotation, nothing: its summary
// leads nowhere and is not written. Its body, with the call that reaches
// the assembly, is a node of its own, which nothing reaches and which
// summary_wrap's own sets count.
// WRAP: crate	summary_wrap
// WRAP-DAG: use	{{[^	]+}}3raw	ARBITRARY_EXECUTION	asm!
// WRAP-DAG: fn	[[BODY:[^	]+11window_size.capgate.body]]	i	summary_wrap	{{[0-9A-Za-z]+}}	summary_wrap::termios::window_size	{{.*}}summary_wrap.rs	17
// WRAP-DAG: call	[[BODY]]	{{[^	]+}}3raw	{{.*}}summary_wrap.rs	18
// WRAP-NOT: fn	{{[^	]+}}11window_size	
// WRAP-TAGS: "capgate"="ARBITRARY_EXECUTION" "capgate.via"="ARBITRARY_EXECUTION: asm! at
// WRAP-TAGS-NOT: "capgate"=

use std::os::unix::process::CommandExt;
use std::process::Command;

// Nothing at all: no tag, and no use in the facts, but still a call, to
// the summary (which has no facts) or to whatever else the build defines
// under that name.
// FACTS-DAG: call	{{[^	]+}}4size	{{[^	]+}}11window_size	{{.*}}annotation-summaries.rs	[[@LINE+2]]
pub fn size() -> u32 {
    summary_wrap::termios::window_size()
}

// CHECK-DAG: "capgate"="READ_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: summary_wrap::termios::with_retry::<caller::retry::{closure#0}> at {{.*}}annotation-summaries.rs:[[@LINE+2]]"
pub fn retry() -> bool {
    summary_wrap::termios::with_retry(|| std::env::var("TERM").is_ok())
}

// CHECK-DAG: "capgate"="FILES" "capgate.via"="FILES: summary_wrap::termios::on_resize::<caller::resize::{closure#0}> at {{.*}}annotation-summaries.rs:[[@LINE+2]]"
pub fn resize() -> Box<dyn FnMut()> {
    summary_wrap::termios::on_resize(|| {
        let _ = std::fs::metadata("/dev/tty");
    })
}

// dial::<Host>, instantiated here, is summary_wrap's code: its summary is
// NETWORK where it is defined, and leads to the caller's resolve (FILES),
// which is the caller's code and not the trait's annotation.
// CHECK-DAG: "capgate"="FILES,NETWORK" "capgate.via"="FILES: summary_wrap::net::dial::<caller::Host> at {{.*}}annotation-summaries.rs:[[@LINE+14]]; NETWORK: summary_wrap::net::dial::<caller::Host> at {{.*}}annotation-summaries.rs:[[@LINE+14]]"
// FACTS-DAG: use	[[CONNECT:[^	]+7connect]]	NETWORK	summary_wrap::net::dial::<caller::Host>	{{.*}}annotation-summaries.rs	[[@LINE+13]]
// FACTS-DAG: fn	[[DIAL:[^	]+4dial[^	]+]]	{{[xw]}}	summary_wrap	{{[0-9A-Za-z]+}}	summary_wrap::net::dial::<caller::Host>	{{.*}}summary_wrap.rs	10
// FACTS-DAG: use	[[DIAL]]	NETWORK	summary_wrap::net::dial::<caller::Host>	{{.*}}summary_wrap.rs	10
// FACTS-DAG: ref	[[DIAL]]	[[RESOLVE:[^	]+7resolve]]	{{.*}}summary_wrap.rs	12
// FACTS-DAG: fn	[[RESOLVE]]	x	caller	{{[0-9A-Za-z]+}}	<caller::Host as summary_wrap::net::Resolve>::resolve	{{.*}}annotation-summaries.rs
// FACTS-DAG: use	[[RESOLVE]]	FILES	std::fs::read_to_string::<&str>
pub struct Host;
impl summary_wrap::net::Resolve for Host {
    fn resolve(&self) -> String {
        std::fs::read_to_string("/etc/hostname").unwrap_or_default()
    }
}
pub fn connect() -> usize {
    summary_wrap::net::dial(Host)
}

// CHECK-DAG: "capgate"="EXEC,MODIFY_SYSTEM_STATE" "capgate.via"="EXEC: <std::process::Command>::new::<&str> at {{.*}}annotation-summaries.rs:[[@LINE+3]]; MODIFY_SYSTEM_STATE: <std::process::Command as std::os::unix::process::CommandExt>::pre_exec::<caller::hooked::{closure#0}> at {{.*}}annotation-summaries.rs:[[@LINE+5]]"
// CHECK-DAG: "capgate"="MODIFY_SYSTEM_STATE" "capgate.via"="MODIFY_SYSTEM_STATE: std::env::set_current_dir::<&str> at {{.*}}annotation-summaries.rs:[[@LINE+5]]"
pub fn hooked() -> Command {
    let mut command = Command::new("true");
    unsafe {
        command.pre_exec(|| {
            std::env::set_current_dir("/")?;
            Ok(())
        })
    };
    command
}

// CHECK-DAG: "capgate"="FILES,NETWORK" "capgate.via"="FILES: <std::net::tcp::TcpStream>::connect::<caller::StdHost> at {{.*}}annotation-summaries.rs:[[@LINE+10]]; NETWORK: <std::net::tcp::TcpStream>::connect::<caller::StdHost> at {{.*}}annotation-summaries.rs:[[@LINE+10]]"
pub struct StdHost;
impl std::net::ToSocketAddrs for StdHost {
    type Iter = std::vec::IntoIter<std::net::SocketAddr>;
    fn to_socket_addrs(&self) -> std::io::Result<Self::Iter> {
        let _ = std::fs::read("/etc/hosts");
        Ok(Vec::new().into_iter())
    }
}
pub fn std_connect() -> bool {
    std::net::TcpStream::connect(StdHost).is_ok()
}
