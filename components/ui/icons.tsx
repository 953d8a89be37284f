// A few stroke icons (24px grid, currentColor), inlined so no icon library ships.
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function icon(paths: string[], displayName: string) {
  function Icon({ size = 16, ...props }: IconProps) {
    return (
      <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable="false" {...props}>
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}

export const PlusIcon = icon(['M12 5v14', 'M5 12h14'], 'PlusIcon');
export const TrashIcon = icon(['M3 6h18', 'M8 6V4h8v2', 'M19 6l-1 14H6L5 6', 'M10 11v6', 'M14 11v6'], 'TrashIcon');
export const ChevronDownIcon = icon(['M6 9l6 6 6-6'], 'ChevronDownIcon');
export const ChevronRightIcon = icon(['M9 6l6 6-6 6'], 'ChevronRightIcon');
export const ChevronLeftIcon = icon(['M15 6l-6 6 6 6'], 'ChevronLeftIcon');
export const ArrowUpIcon = icon(['M12 19V5', 'M5 12l7-7 7 7'], 'ArrowUpIcon');
export const ArrowDownIcon = icon(['M12 5v14', 'M19 12l-7 7-7-7'], 'ArrowDownIcon');
export const XIcon = icon(['M18 6L6 18', 'M6 6l12 12'], 'XIcon');
export const CheckIcon = icon(['M20 6L9 17l-5-5'], 'CheckIcon');
export const CopyIcon = icon(['M8 8h12v12H8z', 'M4 16V4h12'], 'CopyIcon');
export const MenuIcon = icon(['M4 6h16', 'M4 12h16', 'M4 18h16'], 'MenuIcon');
export const SunIcon = icon(['M12 4V2', 'M12 22v-2', 'M4.9 4.9L3.5 3.5', 'M20.5 20.5l-1.4-1.4', 'M4 12H2', 'M22 12h-2', 'M4.9 19.1l-1.4 1.4', 'M20.5 3.5l-1.4 1.4', 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z'], 'SunIcon');
export const MoonIcon = icon(['M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z'], 'MoonIcon');
export const AlertIcon = icon(['M12 9v4', 'M12 17h.01', 'M10.3 3.9L1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z'], 'AlertIcon');
export const InfoIcon = icon(['M12 16v-4', 'M12 8h.01', 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20z'], 'InfoIcon');
export const SearchIcon = icon(['M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14z', 'M21 21l-4.3-4.3'], 'SearchIcon');
export const HomeIcon = icon(['M3 11l9-8 9 8', 'M5 10v10h14V10'], 'HomeIcon');
export const GlobeIcon = icon(['M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20z', 'M2 12h20', 'M12 2a15 15 0 0 1 0 20', 'M12 2a15 15 0 0 0 0 20'], 'GlobeIcon');
export const ServerIcon = icon(['M3 4h18v7H3z', 'M3 13h18v7H3z', 'M7 7.5h.01', 'M7 16.5h.01'], 'ServerIcon');
// Two opposite arrows: a stream passes bytes both ways (the Streams page and its nav entry).
export const TransferIcon = icon(['M7 7h14', 'M17 3l4 4-4 4', 'M17 17H3', 'M7 13l-4 4 4 4'], 'TransferIcon');
export const ListIcon = icon(['M8 6h13', 'M8 12h13', 'M8 18h13', 'M3 6h.01', 'M3 12h.01', 'M3 18h.01'], 'ListIcon');
export const SettingsIcon = icon(['M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z'], 'SettingsIcon');
export const LogOutIcon = icon(['M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4', 'M16 17l5-5-5-5', 'M21 12H9'], 'LogOutIcon');
export const ExternalIcon = icon(['M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6', 'M15 3h6v6', 'M10 14L21 3'], 'ExternalIcon');
export const KeyIcon = icon(['M21 2l-2 2', 'M15.5 7.5l3 3L22 7l-3-3', 'M11.4 11.6a5 5 0 1 1-7.1 7.1 5 5 0 0 1 7.1-7.1z', 'M11.4 11.6L19 4'], 'KeyIcon');
export const UsersIcon = icon(['M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2', 'M9 3a4 4 0 1 0 0 8 4 4 0 0 0 0-8z', 'M23 21v-2a4 4 0 0 0-3-3.9', 'M16 3.1a4 4 0 0 1 0 7.8'], 'UsersIcon');
export const HistoryIcon = icon(['M3 12a9 9 0 1 0 3-6.7L3 8', 'M3 3v5h5', 'M12 7v5l4 2'], 'HistoryIcon');
export const GripIcon = icon(['M9 5h.01', 'M9 12h.01', 'M9 19h.01', 'M15 5h.01', 'M15 12h.01', 'M15 19h.01'], 'GripIcon');
export const ActivityIcon = icon(['M22 12h-4l-3 9L9 3l-3 9H2'], 'ActivityIcon');
export const LockIcon = icon(['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 8 0v4'], 'LockIcon');
export const ShieldIcon = icon(['M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z', 'M9 12l2 2 4-4'], 'ShieldIcon');
export const FileTextIcon = icon(['M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z', 'M14 2v6h6', 'M8 13h8', 'M8 17h8'], 'FileTextIcon');
export const RouteIcon = icon(['M6 19a2 2 0 1 0 0-4 2 2 0 0 0 0 4z', 'M18 9a2 2 0 1 0 0-4 2 2 0 0 0 0 4z', 'M6 15V9a4 4 0 0 1 4-4h6', 'M18 9v6a4 4 0 0 1-4 4H8'], 'RouteIcon');
export const LayersIcon = icon(['M12 2L2 7l10 5 10-5-10-5z', 'M2 17l10 5 10-5', 'M2 12l10 5 10-5'], 'LayersIcon');
export const UploadIcon = icon(['M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4', 'M17 8l-5-5-5 5', 'M12 3v12'], 'UploadIcon');
export const DownloadIcon = icon(['M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4', 'M7 10l5 5 5-5', 'M12 15V3'], 'DownloadIcon');
export const PauseIcon = icon(['M6 4h4v16H6z', 'M14 4h4v16h-4z'], 'PauseIcon');
export const PlayIcon = icon(['M6 4l14 8-14 8z'], 'PlayIcon');
export const RefreshIcon = icon(['M21 12a9 9 0 1 1-2.6-6.4L21 8', 'M21 3v5h-5'], 'RefreshIcon');
// Three linked boxes: the instances of one installation (the Nodes page and its nav entry).
export const NodesIcon = icon(['M9 3h6v5H9z', 'M3 16h6v5H3z', 'M15 16h6v5h-6z', 'M12 8v4', 'M6 16v-4h12v4'], 'NodesIcon');
