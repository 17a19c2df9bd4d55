//! Exports of `io.tdflink.jni.NativeRuntime`: a classloader's start-up and release, and the
//! log level.

use crate::boundary::call;
use crate::{alloc, log_bridge, runtime};
use jni::objects::{JClass, JString};
use jni::sys::{jint, jlong};
use jni::EnvUnowned;

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeRuntime_init0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    log_level: jint,
    worker_threads: jint,
) {
    call(env, |_| {
        runtime::attach();
        log_bridge::install(log_bridge::level_from_java(log_level));
        runtime::configure(worker_threads.max(1) as usize);
        log::debug!("tdflink native library {} initialised", env!("CARGO_PKG_VERSION"));
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeRuntime_setLogLevel0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
    log_level: jint,
) {
    call(env, |_| {
        log::set_max_level(log_bridge::level_from_java(log_level));
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeRuntime_shutdown0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>) {
    call(env, |_| {
        // Other classloaders (jobs) may still use the runtime: the last one stops it.
        if runtime::detach() {
            runtime::shutdown();
            log_bridge::close();
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeRuntime_version0<'local>(
    env: EnvUnowned<'local>,
    _class: JClass<'local>,
) -> JString<'local> {
    call(env, |env| Ok(env.new_string(env!("CARGO_PKG_VERSION"))?))
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_io_tdflink_jni_NativeRuntime_allocatedBytes0<'local>(env: EnvUnowned<'local>, _class: JClass<'local>) -> jlong {
    call(env, |_| Ok(alloc::in_use()))
}
