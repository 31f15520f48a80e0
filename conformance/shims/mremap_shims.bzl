"""Fault-injection shims of the mremap family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def mremap_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
        mk_shim("MREMAP.ARGS.UNALIGNED_OLD_EINVAL", breaks = ["MREMAP.ARGS.UNALIGNED_OLD_EINVAL"]),
        mk_shim("MREMAP.ARGS.UNMAPPED_EFAULT", breaks = ["MREMAP.ARGS.UNMAPPED_EFAULT"]),
        mk_shim(
            "MREMAP.ARGS.FIXED_WITHOUT_MAYMOVE_EINVAL",
            breaks = ["MREMAP.ARGS.FIXED_WITHOUT_MAYMOVE_EINVAL"],
        ),
        mk_shim(
            "MREMAP.ARGS.FIXED_UNALIGNED_NEW_EINVAL",
            breaks = ["MREMAP.ARGS.FIXED_UNALIGNED_NEW_EINVAL"],
        ),
        mk_shim("MREMAP.ARGS.FIXED_OVERLAP_EINVAL", breaks = ["MREMAP.ARGS.FIXED_OVERLAP_EINVAL"]),
        mk_shim("MREMAP.ARGS.UNKNOWN_FLAGS_EINVAL", breaks = ["MREMAP.ARGS.UNKNOWN_FLAGS_EINVAL"]),
        mk_shim("MREMAP.ARGS.NEW_SIZE_ZERO_EINVAL", breaks = ["MREMAP.ARGS.NEW_SIZE_ZERO_EINVAL"]),
        mk_shim(
            "MREMAP.ARGS.DONTUNMAP_WITHOUT_MAYMOVE_EINVAL",
            breaks = ["MREMAP.ARGS.DONTUNMAP_WITHOUT_MAYMOVE_EINVAL"],
        ),
        mk_shim(
            "MREMAP.ARGS.DONTUNMAP_RESIZE_EINVAL",
            breaks = ["MREMAP.ARGS.DONTUNMAP_RESIZE_EINVAL"],
        ),
        mk_shim("MREMAP.COPY.PRIVATE_EINVAL", breaks = ["MREMAP.COPY.PRIVATE_EINVAL"]),
        mk_shim("MREMAP.COPY.NO_MAYMOVE_ENOMEM", breaks = ["MREMAP.COPY.NO_MAYMOVE_ENOMEM"]),
        mk_shim(
            "MREMAP.COPY.SHARED_SECOND_MAPPING",
            breaks = ["MREMAP.COPY.SHARED_SECOND_MAPPING"],
        ),
        mk_shim("MREMAP.SAME_SIZE_SAME_ADDRESS", breaks = ["MREMAP.SAME_SIZE_SAME_ADDRESS"]),
        mk_shim("MREMAP.SHRINK_FRONT_KEEPS_REST", breaks = ["MREMAP.SHRINK_FRONT_KEEPS_REST"]),
        mk_shim("MREMAP.SHRINK_ACROSS_MAPPINGS", breaks = ["MREMAP.SHRINK_ACROSS_MAPPINGS"]),
        mk_shim("MREMAP.GROW_IN_PLACE", breaks = ["MREMAP.GROW_IN_PLACE"]),
        mk_shim("MREMAP.FIXED.MOVES_AND_REPLACES", breaks = ["MREMAP.FIXED.MOVES_AND_REPLACES"]),
        mk_shim("MREMAP.FIXED.SHRINK", breaks = ["MREMAP.FIXED.SHRINK"]),
        mk_shim("MREMAP.FIXED.GROW", breaks = ["MREMAP.FIXED.GROW"]),
        mk_shim("MREMAP.FIXED.SPLIT_SOURCE_EFAULT", breaks = ["MREMAP.FIXED.SPLIT_SOURCE_EFAULT"]),
        mk_shim("MREMAP.FIXED.MULTI_MAPPING_MOVE", breaks = ["MREMAP.FIXED.MULTI_MAPPING_MOVE"]),
        mk_shim("MREMAP.MOVE.LARGE_ALIGNED", breaks = ["MREMAP.MOVE.LARGE_ALIGNED"]),
        mk_shim(
            "MREMAP.SHARED_ANON.GROW_PAST_OBJECT_SIGBUS",
            breaks = ["MREMAP.SHARED_ANON.GROW_PAST_OBJECT_SIGBUS"],
        ),
        mk_shim(
            "MREMAP.SHARED_ANON.SHRINK_KEEPS_OBJECT",
            breaks = ["MREMAP.SHARED_ANON.SHRINK_KEEPS_OBJECT"],
        ),
        mk_shim(
            "MREMAP.FILE.PRIVATE_GROW_KEEPS_COPIES",
            breaks = ["MREMAP.FILE.PRIVATE_GROW_KEEPS_COPIES"],
        ),
        mk_shim(
            "MREMAP.FILE.SHARED_GROW_MAPS_FILE",
            breaks = ["MREMAP.FILE.SHARED_GROW_MAPS_FILE"],
        ),
        mk_shim("MREMAP.LOCKED.STAYS_LOCKED", breaks = ["MREMAP.LOCKED.STAYS_LOCKED"]),
        mk_shim("MREMAP.LOCKED.RLIMIT_EAGAIN", breaks = ["MREMAP.LOCKED.RLIMIT_EAGAIN"]),
        mk_shim(
            "MREMAP.DONTUNMAP.PRIVATE_SOURCE_ZERO",
            breaks = ["MREMAP.DONTUNMAP.PRIVATE_SOURCE_ZERO"],
        ),
        mk_shim(
            "MREMAP.DONTUNMAP.SHARED_SOURCE_KEEPS",
            breaks = ["MREMAP.DONTUNMAP.SHARED_SOURCE_KEEPS"],
        ),
        mk_shim(
            "MREMAP.DONTUNMAP.FIXED_REPLACES_ONLY_LEN",
            breaks = ["MREMAP.DONTUNMAP.FIXED_REPLACES_ONLY_LEN"],
        ),
    ]
