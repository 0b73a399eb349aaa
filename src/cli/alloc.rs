//! The process's allocator: mimalloc, set up for extraction's pattern of large buffers freed
//! and refilled stage after stage.

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Indices in mimalloc's `mi_option_e` (mimalloc.h, v3): `mi_option_purge_delay`, and
/// `mi_option_os_tag`, whose default of 100 serves to recognise that layout.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MI_OPTION_OS_TAG: libmimalloc_sys::mi_option_t = 18;

/// Extraction fills and frees buffers of tens of megabytes stage after stage. By default
/// mimalloc hands freed memory back to the kernel after a delay, and the next buffer is faulted
/// in and zeroed again, which on one thread costs as much kernel time as the rest of the run
/// (docs/benchmarks.md). Freed memory stays with the process, which exits seconds later.
/// (mimalloc is also built without transparent huge pages: see Cargo.toml.)
pub fn keep_freed_memory() {
    // SAFETY: called before any other thread exists (mimalloc's option setters are not thread
    // safe). A mimalloc whose options are laid out differently is left alone.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_OS_TAG) == 100
            && libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) > 0
        {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        }
    }
}
