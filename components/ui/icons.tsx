/** A few line icons (24×24, stroke = currentColor), decorative unless labelled by their control. */
type P = { className?: string };
const base = (className?: string) => ({
  "aria-hidden": true as const,
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.8,
  strokeLinecap: "round" as const,
  strokeLinejoin: "round" as const,
  className: className ?? "h-5 w-5",
});

export const HomeIcon = ({ className }: P) => (
  <svg {...base(className)}>
    <path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z" />
  </svg>
);
export const PlayIcon = ({ className }: P) => (
  <svg {...base(className)}>
    <path d="M7 4.5v15l12-7.5z" />
  </svg>
);
export const KeyIcon = ({ className }: P) => (
  <svg {...base(className)}>
    <circle cx="8" cy="15" r="4" />
    <path d="m11 12 9-9m-4 4 3 3m-6-0 2 2" />
  </svg>
);
export const UsersIcon = ({ className }: P) => (
  <svg {...base(className)}>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14.2a6.5 6.5 0 0 1 3.5 5.8" />
  </svg>
);
export const LogsIcon = ({ className }: P) => (
  <svg {...base(className)}>
    <path d="M4 5h16M4 10h16M4 15h10M4 20h7" />
  </svg>
);
export const SettingsIcon = ({ className }: P) => (
  <svg {...base(className)}>
    <circle cx="12" cy="12" r="3" />
    <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
  </svg>
);
export const MenuIcon = ({ className }: P) => (
  <svg {...base(className)}>
    <path d="M4 6h16M4 12h16M4 18h16" />
  </svg>
);
export const CloseIcon = ({ className }: P) => (
  <svg {...base(className)}>
    <path d="M6 6l12 12M18 6 6 18" />
  </svg>
);
export const ChevronDownIcon = ({ className }: P) => (
  <svg {...base(className ?? "h-4 w-4")}>
    <path d="m6 9 6 6 6-6" />
  </svg>
);
export const ChevronRightIcon = ({ className }: P) => (
  <svg {...base(className ?? "h-4 w-4")}>
    <path d="m9 6 6 6-6 6" />
  </svg>
);
export const CheckIcon = ({ className }: P) => (
  <svg {...base(className ?? "h-4 w-4")}>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </svg>
);
export const CrossIcon = ({ className }: P) => (
  <svg {...base(className ?? "h-4 w-4")}>
    <path d="M7 7l10 10M17 7 7 17" />
  </svg>
);
export const FlaskIcon = ({ className }: P) => (
  <svg {...base(className)}>
    <path d="M9 3h6M10 3v6L4.5 18.5A1.7 1.7 0 0 0 6 21h12a1.7 1.7 0 0 0 1.5-2.5L14 9V3M7.5 15h9" />
  </svg>
);
export const PlusIcon = ({ className }: P) => (
  <svg {...base(className ?? "h-4 w-4")}>
    <path d="M12 5v14M5 12h14" />
  </svg>
);
export const SearchIcon = ({ className }: P) => (
  <svg {...base(className ?? "h-4 w-4")}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m20 20-4-4" />
  </svg>
);
