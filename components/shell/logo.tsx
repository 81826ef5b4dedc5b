export function Logo({ className = "size-7" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden>
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <path
        d="M12.5 9a5.5 5.5 0 0 1 5.2 7.3l5.3 5.3v2.9h-2.9v-1.9h-1.9v-1.9h-1.6l-1.3-1.3A5.5 5.5 0 1 1 12.5 9Zm-1 3.2a1.6 1.6 0 1 0 0 3.2 1.6 1.6 0 0 0 0-3.2Z"
        fill="white"
      />
      <path d="M6 26 26 6" stroke="white" strokeWidth="2.2" strokeLinecap="round" opacity=".9" />
    </svg>
  );
}
