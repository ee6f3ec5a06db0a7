package reactorchat.protocol.irc;

/**
 * Every numeric reply the irc dialect sends, with its format, in one place (names and wording
 * after modern.ircdocs.horse). Each is sent as {@code :server CODE target <format>}, the target
 * being the client's nick, or {@code *} before it has one.
 */
final class Numerics {
    /** A numeric reply: its three digits and the format of what follows the target. */
    record Numeric(String code, String format) {
        String line(String server, String target, Object... args) {
            return ":" + server + " " + code + " " + target + " " + String.format(format, args);
        }
    }

    private Numerics() {
    }

    // Registration (001-005), sent once when a client is welcome.
    static final Numeric RPL_WELCOME = new Numeric("001", ":Welcome to the %s IRC network, %s");
    static final Numeric RPL_YOURHOST = new Numeric("002", ":Your host is %s, running version %s");
    static final Numeric RPL_CREATED = new Numeric("003", ":This server was created %s");
    static final Numeric RPL_MYINFO = new Numeric("004", "%s %s %s %s %s");
    static final Numeric RPL_ISUPPORT = new Numeric("005", "%s :are supported by this server");

    // Replies.
    static final Numeric RPL_UMODEIS = new Numeric("221", "%s");
    static final Numeric RPL_LUSERCLIENT = new Numeric("251", ":There are %d users and %d invisible on 1 servers");
    static final Numeric RPL_LUSEROP = new Numeric("252", "%d :operator(s) online");
    static final Numeric RPL_LUSERCHANNELS = new Numeric("254", "%d :channels formed");
    static final Numeric RPL_LUSERME = new Numeric("255", ":I have %d clients and 0 servers");
    /** The server cannot take the command now (RFC 2812 5.1): OPER, while too many password checks wait. */
    static final Numeric RPL_TRYAGAIN = new Numeric("263", "%s :Please wait a while and try again.");
    static final Numeric RPL_LOCALUSERS = new Numeric("265", "%d %d :Current local users %d, max %d");
    static final Numeric RPL_GLOBALUSERS = new Numeric("266", "%d %d :Current global users %d, max %d");
    /** The fingerprint of the user's TLS client certificate (CertFP); to server operators and the user alone. */
    static final Numeric RPL_WHOISCERTFP = new Numeric("276", "%s :has client certificate fingerprint %s");
    static final Numeric RPL_AWAY = new Numeric("301", "%s :%s");
    static final Numeric RPL_USERHOST = new Numeric("302", ":%s");
    static final Numeric RPL_ISON = new Numeric("303", ":%s");
    static final Numeric RPL_UNAWAY = new Numeric("305", ":You are no longer marked as being away");
    static final Numeric RPL_NOWAWAY = new Numeric("306", ":You have been marked as being away");
    static final Numeric RPL_WHOWASUSER = new Numeric("314", "%s %s %s * :%s");
    static final Numeric RPL_WHOISUSER = new Numeric("311", "%s %s %s * :%s");
    static final Numeric RPL_WHOISSERVER = new Numeric("312", "%s %s :%s");
    static final Numeric RPL_WHOISOPERATOR = new Numeric("313", "%s :is an IRC operator");
    static final Numeric RPL_ENDOFWHO = new Numeric("315", "%s :End of WHO list");
    static final Numeric RPL_ENDOFWHOIS = new Numeric("318", "%s :End of /WHOIS list");
    static final Numeric RPL_WHOISCHANNELS = new Numeric("319", "%s :%s");
    static final Numeric RPL_LISTSTART = new Numeric("321", "Channel :Users  Name");
    static final Numeric RPL_LIST = new Numeric("322", "%s %d :%s");
    static final Numeric RPL_LISTEND = new Numeric("323", ":End of /LIST");
    static final Numeric RPL_CHANNELMODEIS = new Numeric("324", "%s %s");
    static final Numeric RPL_CREATIONTIME = new Numeric("329", "%s %d");
    static final Numeric RPL_NOTOPIC = new Numeric("331", "%s :No topic is set");
    static final Numeric RPL_TOPIC = new Numeric("332", "%s :%s");
    static final Numeric RPL_TOPICWHOTIME = new Numeric("333", "%s %s %d");
    /** A channel the user is invited to, in answer to INVITE alone (modern.ircdocs.horse's RPL_INVITELIST). */
    static final Numeric RPL_INVITED = new Numeric("336", "%s");
    static final Numeric RPL_ENDOFINVITED = new Numeric("337", ":End of /INVITE list");
    static final Numeric RPL_INVITING = new Numeric("341", "%s %s");
    static final Numeric RPL_INVITELIST = new Numeric("346", "%s %s %s %d");
    static final Numeric RPL_ENDOFINVITELIST = new Numeric("347", "%s :End of channel invite list");
    static final Numeric RPL_EXCEPTLIST = new Numeric("348", "%s %s %s %d");
    static final Numeric RPL_ENDOFEXCEPTLIST = new Numeric("349", "%s :End of channel exception list");
    static final Numeric RPL_LINKS = new Numeric("364", "%s %s :0 %s");
    static final Numeric RPL_ENDOFLINKS = new Numeric("365", "* :End of /LINKS list");
    static final Numeric RPL_ENDOFWHOWAS = new Numeric("369", "%s :End of WHOWAS");
    static final Numeric RPL_VERSION = new Numeric("351", "%s %s :%s");
    static final Numeric RPL_WHOREPLY = new Numeric("352", "%s %s %s %s %s %s :0 %s");
    /** IRCv3 WHOX: the fields the client asked for, in WHOX's fixed order. */
    static final Numeric RPL_WHOSPCRPL = new Numeric("354", "%s");
    static final Numeric RPL_NAMREPLY = new Numeric("353", "%s %s :%s");
    static final Numeric RPL_ENDOFNAMES = new Numeric("366", "%s :End of /NAMES list");
    static final Numeric RPL_BANLIST = new Numeric("367", "%s %s %s %d");
    static final Numeric RPL_ENDOFBANLIST = new Numeric("368", "%s :End of channel ban list");
    static final Numeric RPL_INFO = new Numeric("371", ":%s");
    static final Numeric RPL_MOTD = new Numeric("372", ":- %s");
    static final Numeric RPL_MOTDSTART = new Numeric("375", ":- %s Message of the day - ");
    static final Numeric RPL_ENDOFINFO = new Numeric("374", ":End of INFO list");
    static final Numeric RPL_ENDOFMOTD = new Numeric("376", ":End of /MOTD command.");
    /** The real address behind a cloak, as InspIRCd and UnrealIRCd word it; to server operators and the user alone. */
    static final Numeric RPL_WHOISHOST = new Numeric("378", "%s :is connecting from *@%s %s");
    static final Numeric RPL_YOUREOPER = new Numeric("381", ":You are now an IRC operator");
    static final Numeric RPL_TIME = new Numeric("391", "%s :%s");
    /** The user connects over TLS: shown to everyone, as most servers do. */
    static final Numeric RPL_HELPSTART = new Numeric("704", "%s :%s");
    static final Numeric RPL_HELPTXT = new Numeric("705", "%s :%s");
    static final Numeric RPL_ENDOFHELP = new Numeric("706", "%s :%s");
    static final Numeric RPL_MONONLINE = new Numeric("730", ":%s");
    static final Numeric RPL_MONOFFLINE = new Numeric("731", ":%s");
    static final Numeric RPL_MONLIST = new Numeric("732", ":%s");
    static final Numeric RPL_ENDOFMONLIST = new Numeric("733", ":End of MONITOR list");
    static final Numeric ERR_MONLISTFULL = new Numeric("734", "%d %s :Monitor list is full");
    static final Numeric RPL_WHOISSECURE = new Numeric("671", "%s :is using a secure connection");

    // Errors a client can cause.
    static final Numeric ERR_NOSUCHNICK = new Numeric("401", "%s :No such nick/channel");
    static final Numeric ERR_NOSUCHSERVER = new Numeric("402", "%s :No such server");
    static final Numeric ERR_NOSUCHCHANNEL = new Numeric("403", "%s :No such channel");
    static final Numeric ERR_CANNOTSENDTOCHAN = new Numeric("404", "%s :Cannot send to channel");
    static final Numeric ERR_TOOMANYCHANNELS = new Numeric("405", "%s :You have joined too many channels");
    static final Numeric ERR_TOOMANYTARGETS = new Numeric("407", "%s :Too many targets");
    /** Something the chat may hold no more of (a channel, a topic, an away message): the text says what. */
    static final Numeric ERR_UNAVAILRESOURCE = new Numeric("437", "%s :%s");
    static final Numeric ERR_WASNOSUCHNICK = new Numeric("406", "%s :There was no such nickname");
    static final Numeric ERR_NOORIGIN = new Numeric("409", ":No origin specified");
    static final Numeric ERR_INVALIDCAPCMD = new Numeric("410", "%s :Invalid CAP command");
    static final Numeric ERR_NORECIPIENT = new Numeric("411", ":No recipient given (%s)");
    static final Numeric ERR_NOTEXTTOSEND = new Numeric("412", ":No text to send");
    static final Numeric ERR_INPUTTOOLONG = new Numeric("417", ":Input line was too long");
    static final Numeric ERR_HELPNOTFOUND = new Numeric("524", "%s :No help available on this topic");
    static final Numeric ERR_UNKNOWNCOMMAND = new Numeric("421", "%s :Unknown command");
    static final Numeric ERR_NOMOTD = new Numeric("422", ":MOTD File is missing");
    static final Numeric ERR_NONICKNAMEGIVEN = new Numeric("431", ":No nickname given");
    static final Numeric ERR_ERRONEUSNICKNAME = new Numeric("432", "%s :Erroneous nickname");
    static final Numeric ERR_NICKNAMEINUSE = new Numeric("433", "%s :Nickname is already in use");
    static final Numeric ERR_USERNOTINCHANNEL = new Numeric("441", "%s %s :They aren't on that channel");
    static final Numeric ERR_NOTONCHANNEL = new Numeric("442", "%s :You're not on that channel");
    static final Numeric ERR_USERONCHANNEL = new Numeric("443", "%s %s :is already on channel");
    static final Numeric ERR_NOTREGISTERED = new Numeric("451", ":You have not registered");
    static final Numeric ERR_NEEDMOREPARAMS = new Numeric("461", "%s :Not enough parameters");
    static final Numeric ERR_ALREADYREGISTERED = new Numeric("462", ":You may not reregister");
    static final Numeric ERR_PASSWDMISMATCH = new Numeric("464", ":Password incorrect");
    static final Numeric ERR_CHANNELISFULL = new Numeric("471", "%s :Cannot join channel (+l)");
    static final Numeric ERR_UNKNOWNMODE = new Numeric("472", "%s :is unknown mode char to me");
    static final Numeric ERR_INVITEONLYCHAN = new Numeric("473", "%s :Cannot join channel (+i)");
    static final Numeric ERR_BANNEDFROMCHAN = new Numeric("474", "%s :Cannot join channel (+b)");
    static final Numeric ERR_BADCHANNELKEY = new Numeric("475", "%s :Cannot join channel (+k)");
    static final Numeric ERR_BANLISTFULL = new Numeric("478", "%s %s :Channel list is full");
    static final Numeric ERR_BADCHANMASK = new Numeric("476", "%s :Bad Channel Mask");
    static final Numeric ERR_NOPRIVILEGES = new Numeric("481", ":Permission Denied- You're not an IRC operator");
    static final Numeric ERR_CHANOPRIVSNEEDED = new Numeric("482", "%s :You're not channel operator");
    static final Numeric ERR_NOOPERHOST = new Numeric("491", ":No O-lines for your host");
    static final Numeric ERR_UMODEUNKNOWNFLAG = new Numeric("501", ":Unknown MODE flag");
    static final Numeric ERR_INVALIDMODEPARAM = new Numeric("696", "%s %s %s :%s");
    static final Numeric ERR_USERSDONTMATCH = new Numeric("502", ":Can't change mode for other users");
}
